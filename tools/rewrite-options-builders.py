"""
Rewrites call sites of sgd4j's old optimizer options builders into the withX copies of the records
(issue 22 item 4): SGD.options().lr(0.1).momentum(0.9).build() -> SGD.options().withLr(0.1).withMomentum(0.9),
o.toBuilder().weightDecay(0).build() -> o.withWeightDecay(0), a `Foo.Options.Builder b` variable ->
`Foo.Options b` with `b.x(v);` -> `b = b.withX(v);` and `set(v, b::x);` -> `b = with(b, v, Foo.Options::withX);`.
Idempotent. Usage: python3 tools/rewrite-options-builders.py FILE...   (e.g. the output of
  git grep -lE '\.options\(\)|toBuilder\(\)|Options\.Builder' -- '*.java' '*.md')
"""
import re, sys, os, subprocess
NAMES = ['SGD','Adam','AdamW','RMSprop','Adagrad','Adadelta','NAdam','Yogi','LARS','LBFGS','Newton']
START = re.compile(r'\b(?:%s)\.options\(\)|\.toBuilder\(\)' % '|'.join(NAMES))
IDENT = re.compile(r'\s*\.\s*([a-z]\w*)\(')

def close_paren(s, i):
    """s[i] == '(' ; index of the matching ')'"""
    depth = 0
    k = i
    while k < len(s):
        c = s[k]
        if c == '"':
            k += 1
            while s[k] != '"':
                k += 2 if s[k] == '\\' else 1
        elif c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
            if depth == 0:
                return k
        k += 1
    raise ValueError('unbalanced')

def cap(n): return n[0].upper() + n[1:]

def rewrite_chain(s, pos):
    """rewrites the builder calls following pos; returns (new s, position after the chain)"""
    out = []
    k = pos
    while True:
        m = IDENT.match(s, k)
        if not m:
            break
        name = m.group(1)
        po = m.end() - 1
        pc = close_paren(s, po)
        if name == 'build' and s[po:pc + 1] == '()':
            s = s[:m.start()] + s[pc + 1:]
            k = m.start()
            break
        if s[po:pc + 1] == '()':
            break  # an accessor of the record (no setter takes no argument): the chain has ended
        if name.startswith('with'):
            k = pc + 1
            continue
        new = '.with' + cap(name) + '('
        s = s[:m.start()] + s[m.start():m.end()].replace('.' + name + '(', new) + s[m.end():]
        shift = len('with')
        k = pc + 1 + shift
    return s, k

def rewrite(s):
    pos = 0
    while True:
        m = START.search(s, pos)
        if not m:
            return s
        if m.group(0) == '.toBuilder()':
            s = s[:m.start()] + s[m.end():]
            s, pos = rewrite_chain(s, m.start())
        else:
            s, pos = rewrite_chain(s, m.end())

SET_HELPER = """  private static <T> void set(T value, java.util.function.Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }"""
WITH_HELPER = """  /** {@code options} with one option replaced by {@code value}, unless the flag was not given (null). */
  private static <O, T> O with(O options, T value, java.util.function.BiFunction<O, T, O> wither) {
    return value == null ? options : wither.apply(options, value);
  }"""

def setter_refs(s):
    out, cur = [], None
    for line in s.split('\n'):
        m = re.search(r'\b(\w+)\.Options\.Builder (\w+) = ', line)
        if m:
            cur = (m.group(1), m.group(2))
        m = re.match(r'(\s*)set\((.+), (\w+)::(\w+)\);$', line)
        if m and cur and m.group(3) == cur[1]:
            v = cur[1]
            line = '%s%s = with(%s, %s, %s.Options::with%s);' % (m.group(1), v, v, m.group(2), cur[0], cap(m.group(4)))
        out.append(line)
    s = '\n'.join(out)
    if 'Options::with' in s:
        s = s.replace(SET_HELPER, WITH_HELPER)
    return s

def builder_vars(s):
    # Foo.Options.Builder b  -> Foo.Options b; then b.x(..); -> b = b.withX(..);  b.build() -> b
    vars_ = set(re.findall(r'\b(?:%s)\.Options\.Builder\s+(\w+)' % '|'.join(NAMES), s))
    # `var b = LBFGS.options()...;` followed by a bare `b.maxEval(...);` statement
    for v in re.findall(r'\bvar (\w+) = (?:%s)\.options\(\)' % '|'.join(NAMES), s):
        if re.search(r'^\s*%s\.[a-z]\w*\([^)]' % v, s, re.M):
            vars_.add(v)
    s = re.sub(r'\b((?:%s)\.Options)\.Builder\b' % '|'.join(NAMES), r'\1', s)
    for v in vars_:
        s = re.sub(r'\b%s\.build\(\)' % v, v, s)
        def stmt(m):
            return '%s%s = %s.with%s(' % (m.group(1), v, v, cap(m.group(2)))
        s = re.sub(r'(^|[;{)]\s*|\belse\s+)%s\.([a-z]\w*)\(' % v, stmt, s, flags=re.M)
    return s, vars_

if __name__ == '__main__':
    for p in sys.argv[1:]:
        s0 = open(p).read()
        s = rewrite(s0)
        s = setter_refs(s)
        s, vs = builder_vars(s)
        if s != s0:
            open(p, 'w').write(s)
            print(p, 'builder vars:' if vs else '', ' '.join(sorted(vs)))
