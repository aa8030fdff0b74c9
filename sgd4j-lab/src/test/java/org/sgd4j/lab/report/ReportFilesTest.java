package org.sgd4j.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
  @TempDir Path dir;

  @Test
  void csvQuotesFieldsWithCommasAndQuotesAndChecksTheWidth() throws Exception {
    CsvFile csv = new CsvFile(List.of("name", "value"));
    csv.row("a,b", 1.5).row("say \"hi\"", -0.0);
    assertThat(csv.text()).isEqualTo("name,value\n\"a,b\",1.5\n\"say \"\"hi\"\"\",-0.0\n");
    assertThatThrownBy(() -> csv.row(1)).hasMessageContaining("1 cells, the header has 2");
    csv.write(dir.resolve("t.csv"));
    assertThat(Files.readString(dir.resolve("t.csv"))).isEqualTo(csv.text());
  }

  @Test
  void htmlEscapesEveryText() throws Exception {
    HtmlPage page = new HtmlPage("a < b & c").paragraph("<script>").table(List.of("\"h\""), List.of(List.of("x>y")))
        .image("p.png", "alt \"q\"", "p.svg").link("r.html", "r & s");
    String html = page.html();
    assertThat(html).contains("<title>a &lt; b &amp; c</title>").contains("<p>&lt;script&gt;</p>")
        .contains("<th>&quot;h&quot;</th>").contains("<td>x&gt;y</td>").contains("alt=\"alt &quot;q&quot;\"")
        .contains("<a href=\"p.svg\">SVG</a>").contains(">r &amp; s</a>").doesNotContain("<script>");
    page.write(dir.resolve("i.html"));
    assertThat(Files.readString(dir.resolve("i.html"))).isEqualTo(html);
  }
}
