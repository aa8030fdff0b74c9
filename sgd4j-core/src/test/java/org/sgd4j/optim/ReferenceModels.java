package org.sgd4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sgd4j.tensor.Tensor;

/**
 * The models of {@code reference/optim/generate_optim.py}, built from raw tensors: linear regression
 * with a mean-squared loss and a 4-5-3 ReLU MLP with softmax cross-entropy
 * {@code -mean(sum(onehot * logSoftmax(logits)))}, with the initial weights and batches stored in the
 * reference file.
 */
final class ReferenceModels {
  private ReferenceModels() {}

  static JsonNode load(String resource) {
    try (InputStream in = ReferenceModels.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  /** Fresh leaf parameters (requiring grad) at the model's initial values, by name in model order. */
  static Map<String, Tensor> initialParams(JsonNode model) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (JsonNode name : model.get("order")) {
      JsonNode p = model.get("params").get(name.asText());
      out.put(name.asText(), Tensor.of(floats(p.get("data")), ints(p.get("shape"))).requiresGrad_());
    }
    return out;
  }

  /** The loss of {@code modelName} on batch {@code b} (with grad recording). */
  static Tensor loss(String modelName, JsonNode model, Map<String, Tensor> p, int b) {
    JsonNode batch = model.get("batches").get(b);
    Tensor x = Tensor.of(floats(batch.get("x")), ints(batch.get("xShape")));
    Tensor y = Tensor.of(floats(batch.get("y")), ints(batch.get("yShape")));
    if (modelName.equals("linreg")) {
      Tensor pred = x.matmul(p.get("w").t()).add(p.get("b"));
      return pred.sub(y).square().mean();
    }
    Tensor h = x.matmul(p.get("w1").t()).add(p.get("b1")).relu();
    Tensor logits = h.matmul(p.get("w2").t()).add(p.get("b2"));
    return y.mul(logits.logSoftmax(1)).sum(1).mean().neg();
  }

  /** The optimizer a reference run names, over {@code params} (groups as the run lists them). */
  static Optimizer<?> optimizer(String name, JsonNode o, Map<String, Tensor> params) {
    if (o.has("groups")) {
      return switch (name) {
        case "SGD" -> new SGD(sgd(o), groups(o, params, (SGD.Options d, JsonNode g) -> sgd(g, d)));
        case "Adam" -> new Adam(adam(o), groups(o, params, (Adam.Options d, JsonNode g) -> adam(g, d)));
        case "LARS" -> new LARS(lars(o, LARS.options()),
            groups(o, params, (LARS.Options d, JsonNode g) -> lars(g, d)));
        default -> throw new IllegalArgumentException("no group factory for " + name);
      };
    }
    List<Tensor> ps = new ArrayList<>(params.values());
    return switch (name) {
      case "SGD" -> new SGD(ps, sgd(o));
      case "Adam" -> new Adam(ps, adam(o));
      case "AdamW" -> {
        var b = AdamW.options();
        if (o.has("lr")) b = b.withLr(d(o, "lr"));
        if (o.has("betas")) b = b.withBetas(o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble());
        if (o.has("eps")) b = b.withEps(d(o, "eps"));
        if (o.has("weightDecay")) b = b.withWeightDecay(d(o, "weightDecay"));
        if (o.has("amsgrad")) b = b.withAmsgrad(o.get("amsgrad").asBoolean());
        if (o.has("maximize")) b = b.withMaximize(o.get("maximize").asBoolean());
        yield new AdamW(ps, b);
      }
      case "Adagrad" -> {
        var b = Adagrad.options();
        if (o.has("lr")) b = b.withLr(d(o, "lr"));
        if (o.has("lrDecay")) b = b.withLrDecay(d(o, "lrDecay"));
        if (o.has("weightDecay")) b = b.withWeightDecay(d(o, "weightDecay"));
        if (o.has("initialAccumulatorValue")) b = b.withInitialAccumulatorValue(d(o, "initialAccumulatorValue"));
        if (o.has("eps")) b = b.withEps(d(o, "eps"));
        if (o.has("maximize")) b = b.withMaximize(o.get("maximize").asBoolean());
        yield new Adagrad(ps, b);
      }
      case "RMSprop" -> {
        var b = RMSprop.options();
        if (o.has("lr")) b = b.withLr(d(o, "lr"));
        if (o.has("alpha")) b = b.withAlpha(d(o, "alpha"));
        if (o.has("eps")) b = b.withEps(d(o, "eps"));
        if (o.has("weightDecay")) b = b.withWeightDecay(d(o, "weightDecay"));
        if (o.has("momentum")) b = b.withMomentum(d(o, "momentum"));
        if (o.has("centered")) b = b.withCentered(o.get("centered").asBoolean());
        if (o.has("maximize")) b = b.withMaximize(o.get("maximize").asBoolean());
        yield new RMSprop(ps, b);
      }
      case "Adadelta" -> {
        var b = Adadelta.options();
        if (o.has("lr")) b = b.withLr(d(o, "lr"));
        if (o.has("rho")) b = b.withRho(d(o, "rho"));
        if (o.has("eps")) b = b.withEps(d(o, "eps"));
        if (o.has("weightDecay")) b = b.withWeightDecay(d(o, "weightDecay"));
        if (o.has("maximize")) b = b.withMaximize(o.get("maximize").asBoolean());
        yield new Adadelta(ps, b);
      }
      case "NAdam" -> {
        var b = NAdam.options();
        if (o.has("lr")) b = b.withLr(d(o, "lr"));
        if (o.has("betas")) b = b.withBetas(o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble());
        if (o.has("eps")) b = b.withEps(d(o, "eps"));
        if (o.has("weightDecay")) b = b.withWeightDecay(d(o, "weightDecay"));
        if (o.has("momentumDecay")) b = b.withMomentumDecay(d(o, "momentumDecay"));
        yield new NAdam(ps, b);
      }
      case "Yogi" -> {
        var b = Yogi.options();
        if (o.has("lr")) b = b.withLr(d(o, "lr"));
        if (o.has("betas")) b = b.withBetas(o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble());
        if (o.has("eps")) b = b.withEps(d(o, "eps"));
        if (o.has("weightDecay")) b = b.withWeightDecay(d(o, "weightDecay"));
        if (o.has("maximize")) b = b.withMaximize(o.get("maximize").asBoolean());
        yield new Yogi(ps, b);
      }
      case "LARS" -> new LARS(ps, lars(o, LARS.options()));
      default -> throw new IllegalArgumentException("unknown optimizer " + name);
    };
  }

  private static double d(JsonNode o, String k) {
    return o.get(k).asDouble();
  }

  private static LARS.Options lars(JsonNode o, LARS.Options b) {
    if (o.has("lr")) b = b.withLr(d(o, "lr"));
    if (o.has("momentum")) b = b.withMomentum(d(o, "momentum"));
    if (o.has("weightDecay")) b = b.withWeightDecay(d(o, "weightDecay"));
    if (o.has("trustCoefficient")) b = b.withTrustCoefficient(d(o, "trustCoefficient"));
    if (o.has("perGroup")) b = b.withPerGroup(o.get("perGroup").asBoolean());
    return b;
  }

  private static SGD.Options sgd(JsonNode o) {
    return sgd(o, SGD.options());
  }

  private static SGD.Options sgd(JsonNode o, SGD.Options b) {
    if (o.has("lr")) b = b.withLr(d(o, "lr"));
    if (o.has("momentum")) b = b.withMomentum(d(o, "momentum"));
    if (o.has("dampening")) b = b.withDampening(d(o, "dampening"));
    if (o.has("weightDecay")) b = b.withWeightDecay(d(o, "weightDecay"));
    if (o.has("nesterov")) b = b.withNesterov(o.get("nesterov").asBoolean());
    if (o.has("maximize")) b = b.withMaximize(o.get("maximize").asBoolean());
    return b;
  }

  private static Adam.Options adam(JsonNode o) {
    return adam(o, Adam.options());
  }

  private static Adam.Options adam(JsonNode o, Adam.Options b) {
    if (o.has("lr")) b = b.withLr(d(o, "lr"));
    if (o.has("betas")) b = b.withBetas(o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble());
    if (o.has("eps")) b = b.withEps(d(o, "eps"));
    if (o.has("weightDecay")) b = b.withWeightDecay(d(o, "weightDecay"));
    if (o.has("amsgrad")) b = b.withAmsgrad(o.get("amsgrad").asBoolean());
    if (o.has("maximize")) b = b.withMaximize(o.get("maximize").asBoolean());
    return b;
  }

  private static <O extends OptimizerOptions<O>> List<ParamGroup<O>> groups(
      JsonNode o, Map<String, Tensor> params, java.util.function.BiFunction<O, JsonNode, O> override) {
    List<ParamGroup<O>> out = new ArrayList<>();
    for (JsonNode g : o.get("groups")) {
      List<Tensor> ps = new ArrayList<>();
      for (JsonNode n : g.get("params")) {
        ps.add(params.get(n.asText()));
      }
      out.add(ParamGroup.of(ps, defaults -> override.apply(defaults, g)));
    }
    return out;
  }
}
