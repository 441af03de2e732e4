#!/usr/bin/python3
"""Independent SymPy oracle for the ImplicitReg symbolic core.

Reads ONE JSON batch from stdin (or from the file named as the first argument) and writes one JSON
document with a result per case to stdout. Batch format:

  {"cases": [{"id": "expand/17",
              "op": "expand" | "diff" | "subs" | "equiv" | "rate_law",
              "symbols": {"x": "real", "p": "positive", "n": "positive_integer", "P′": "real", ...},
              "input": "<text printed by us>",
              "ours": "<our result printed by us>",
              "wrt": "x",                              # diff
              "target": "x", "value": "<text>",        # subs
              "terms": 7,                              # expand: number of terms of our result (optional)
              "rates": {"P": "P′", "w": "<text>"},     # rate_law: d/dt of each time-dependent symbol
              "unknown": "P′",                         # rate_law: solve d/dt(input) = 0 for this symbol
              "after": {"w": "<text>"}}]}              # rate_law: substitution applied to the solution

Our symbol names are renamed to s0, s1, ... before parsing (no clash with Python keywords or SymPy
names such as N, S, E, I, Q); our function names exp, log/ln, abs, sign, sin, cos, tan, sqrt are bound
to SymPy's. Status per case:
  ok            expand(ours - theirs) == 0
  ok-simplify   simplify(ours - theirs) == 0 (expand alone did not show it)
  numeric-only  neither proved it, but the two agree at random points respecting the assumptions
  mismatch      they differ (symbolically unproven and numerically different)
  not-expanded  (expand) equal, but our result has a different number of terms than SymPy's expansion
  error         something could not be parsed or computed (detail says what)
"""

import json
import random
import re
import signal
import sys
import traceback

import sympy
from sympy.parsing.sympy_parser import (convert_xor, parse_expr, rationalize,
                                        standard_transformations)

TRANSFORMATIONS = standard_transformations + (convert_xor, rationalize)
SIMPLIFY_SECONDS = 4
NUMERIC_POINTS = 8
DIGITS = 40

FUNCTIONS = {
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "abs": sympy.Abs, "sign": sympy.sign,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "sqrt": sympy.sqrt,
}


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def make_symbol(safe, kind):
    kw = {
        "none": {},
        "real": {"real": True},
        "positive": {"positive": True},
        "integer": {"integer": True},
        "positive_integer": {"integer": True, "positive": True},
    }[kind]
    return sympy.Symbol(safe, **kw)


class Table:
    """Our names -> safe SymPy symbols, plus a renaming of texts printed by us."""

    def __init__(self, symbols):
        self.kinds = dict(symbols)
        self.names = sorted(symbols, key=len, reverse=True)
        self.safe = {name: "s%d" % i for i, name in enumerate(sorted(symbols))}
        self.sym = {name: make_symbol(self.safe[name], kind) for name, kind in symbols.items()}
        self.local = dict(FUNCTIONS)
        for name in symbols:
            self.local[self.safe[name]] = self.sym[name]
        self.back = {self.sym[name]: name for name in symbols}
        if self.names:
            alternatives = "|".join(re.escape(n) for n in self.names)
            self.pattern = re.compile(r"(?<![\w\u2032'])(" + alternatives + r")(?![\w\u2032'])")
        else:
            self.pattern = None

    def parse(self, text):
        renamed = self.pattern.sub(lambda m: self.safe[m.group(1)], text) if self.pattern else text
        leftover = [t for t in re.findall(r"(?<![\w.\u2032'])[^\W\d][\w\u2032']*", renamed)
                    if t not in self.local]
        if leftover:
            raise ValueError("unknown names %s in %r" % (sorted(set(leftover)), text))
        return parse_expr(renamed, local_dict=self.local, transformations=TRANSFORMATIONS)

    def show(self, e):
        """SymPy's expression printed with our names, for the report."""
        return str(e.xreplace({s: sympy.Symbol(n) for s, n in self.back.items()}))


def random_value(kind, rng):
    if kind == "positive":
        return sympy.Rational(rng.randint(50, 200), 100) + sympy.Rational(rng.randint(0, 996), 997) / 100
    if kind == "positive_integer":
        return sympy.Integer(rng.randint(1, 4))
    if kind == "integer":
        return sympy.Integer(rng.randint(-3, 3))
    # real or unknown: avoid exact 0 (sign, abs and 1/x are all special there)
    return sympy.Rational(rng.randint(-2000, 2000), 1000) + sympy.Rational(rng.randint(1, 996), 997000)


def numeric_agree(table, ours, theirs, seed):
    """True/False when enough points evaluate; None when too few do."""
    rng = random.Random(seed)
    free = sorted(ours.free_symbols | theirs.free_symbols, key=str)
    kinds = {table.sym[n]: k for n, k in table.kinds.items()}
    good = 0
    worst = None
    for _ in range(NUMERIC_POINTS * 3):
        point = {s: random_value(kinds.get(s, "real"), rng) for s in free}
        try:
            a = complex(sympy.N(ours.xreplace(point), DIGITS))
            b = complex(sympy.N(theirs.xreplace(point), DIGITS))
            # the difference itself, evaluated at the exact point: rounding in a - b cannot hide a
            # small but genuine difference (and cannot fake one)
            d = complex(sympy.N((ours - theirs).xreplace(point), DIGITS))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            continue
        if any(v != v or abs(v) == float("inf") for v in (a, b, d)):
            continue
        scale = 1.0 + abs(a) + abs(b)
        if abs(d) > 1e-25 * scale:
            return False, "at %s: ours = %r, SymPy = %r, difference %r" % (
                {table.back.get(s, str(s)): str(v) for s, v in point.items()}, a, b, d)
        good += 1
        if good >= NUMERIC_POINTS:
            return True, "agree at %d random points" % good
    if good >= 3:
        return True, "agree at %d random points" % good
    return None, "only %d points could be evaluated" % good


def equal(table, ours, theirs, seed):
    d = ours - theirs
    if sympy.expand(d) == 0:
        return "ok", ""
    try:
        signal.alarm(SIMPLIFY_SECONDS)
        try:
            if sympy.simplify(d) == 0:
                return "ok-simplify", ""
        finally:
            signal.alarm(0)
    except Timeout:
        pass
    agree, detail = numeric_agree(table, ours, theirs, seed)
    if agree:
        return "numeric-only", detail
    if agree is None:
        return "mismatch", "not proven equal and " + detail
    return "mismatch", detail


def time_derivative(e, rates):
    return sympy.Add(*[sympy.diff(e, s) * r for s, r in rates.items()])


def run_case(case, index):
    table = Table(case.get("symbols", {}))
    op = case["op"]
    x = table.parse(case["input"])
    ours = table.parse(case["ours"])
    if op == "expand":
        theirs = sympy.expand(x)
    elif op == "diff":
        theirs = sympy.diff(x, table.sym[case["wrt"]])
    elif op == "subs":
        theirs = x.subs(table.sym[case["target"]], table.parse(case["value"]))
    elif op == "equiv":
        theirs = x
    elif op == "rate_law":
        rates = {table.sym[s]: table.parse(r) for s, r in case["rates"].items()}
        unknown = table.sym[case["unknown"]]
        solutions = sympy.solve(sympy.Eq(time_derivative(x, rates), 0), unknown, dict=False)
        if len(solutions) != 1:
            return {"status": "error", "theirs": str(solutions),
                    "detail": "SymPy found %d solutions for %s" % (len(solutions), case["unknown"])}
        theirs = solutions[0]
        after = {table.sym[s]: table.parse(v) for s, v in case.get("after", {}).items()}
        if after:
            theirs = theirs.subs(after)
    else:
        return {"status": "error", "theirs": "", "detail": "unknown op %r" % op}

    status, detail = equal(table, ours, theirs, seed=1000003 * (index + 1))
    if status in ("ok", "ok-simplify") and op == "expand" and case.get("terms") is not None:
        expected = len(sympy.Add.make_args(sympy.expand(theirs))) if theirs != 0 else 0
        if expected != case["terms"]:
            status = "not-expanded"
            detail = "ours has %d terms, SymPy's expansion has %d" % (case["terms"], expected)
    return {"status": status, "theirs": table.show(theirs), "detail": detail}


def main():
    signal.signal(signal.SIGALRM, _alarm)
    source = open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 else sys.stdin
    batch = json.load(source)
    results = []
    for i, case in enumerate(batch["cases"]):
        try:
            r = run_case(case, i)
        except Timeout:
            r = {"status": "error", "theirs": "", "detail": "timeout"}
        except Exception as ex:  # report, never crash the batch
            r = {"status": "error", "theirs": "",
                 "detail": "%s: %s" % (type(ex).__name__, ex) + "\n" + traceback.format_exc(limit=3)}
        r["id"] = case.get("id", str(i))
        results.append(r)
    json.dump({"sympy": sympy.__version__, "results": results}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
