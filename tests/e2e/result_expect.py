"""Criterion verdicts read back from klarmeld's JSON result, for the e2e scripts' inline checks.

    sys.path.insert(0, os.environ["KLARMELD_SOURCE"] + "/tests/e2e")
    from result_expect import Expectations
    checks = Expectations()
    checks.expect("conforming", "SF1590_C.5", "ja", "uploaded")   # reads conforming.json
    checks.finish()                                                # prints each problem, exits 1 if any
"""
import json
import sys


def criteria(name):
    """The criteria of NAME.json by id."""
    with open(f"{name}.json", encoding="utf-8") as file:
        doc = json.load(file)
    return {c["id"]: c for i in doc["interfaces"] for c in i.get("criteria", [])}


class Expectations:
    """Collects every mismatch, so one run reports them all."""

    def __init__(self):
        self.problems = []

    def expect(self, name, cid, verdict, *words):
        """NAME's criterion CID has VERDICT and a reason containing each of WORDS; returns the reason."""
        c = criteria(name).get(cid)
        if c is None:
            self.problems.append(f"{name}: no {cid}")
            return ""
        reason = c.get("reason") or ""
        if c["verdict"] != verdict:
            self.problems.append(f"{name} {cid}: {c['verdict']}, expected {verdict} — {reason}")
        for word in words:
            if word not in reason:
                self.problems.append(f"{name} {cid}: reason lacks {word!r}: {reason}")
        return reason

    def finish(self):
        for problem in self.problems:
            print("PROBLEM:", problem)
        sys.exit(1 if self.problems else 0)
