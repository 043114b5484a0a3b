#!/usr/bin/python3
"""`klarmeld sign` / `klarmeld verify` through the real binary: exit codes, countersigning, JSON,
attribution of a tampered part. Credentials and a signed workbook come from `klarmeld demo` with the
conforming vendor only (the half-ready vendor's run would add time and nothing this test reads).

Usage: cli_sign_verify.py KLARMELD CRITERIA_DIR CONFORMING_SCENARIO WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import zipfile

klarmeld, criteria, scenario, work = sys.argv[1:5]
failures = []


def run(*args, env=None):
    result = subprocess.run([klarmeld, *args], capture_output=True, text=True, timeout=300,
                            env={**os.environ, **(env or {})})
    return result.returncode, result.stdout + result.stderr


def expect(what, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)
        print(detail[-3000:])


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
os.chdir(work)
status, output = run("demo", "--out-dir", "demo", "--criteria", criteria, "--scenario", scenario, "-q")
if status != 0:
    print(output[-3000:])
    sys.exit("klarmeld demo failed; cannot test sign/verify")
pki = "demo/pki"
source = next(f for f in os.listdir("demo/conforming") if f.endswith(".xlsx"))
book = "book.xlsx"
shutil.copy(os.path.join("demo/conforming", source), book)
shutil.copy(os.path.join("demo/conforming", source + ".p7s"), book + ".p7s")

status, output = run("verify", book, "--trust", f"{pki}/root-ca.pem")
expect("verify: signed by the demo → exit 0", status == 0, output)
status, output = run("verify", book, "--trust", f"{pki}/untrusted-root.pem")
expect("verify: wrong trust anchor → exit 4", status == 4, output)
status, output = run("verify", book, "--trust", f"{pki}/untrusted-root.pem", "--json")
untrusted = json.loads(output)["files"][0]
expect("verify --json: a wrong trust anchor has a stable code, for the signature and the .p7s",
       untrusted["signatures"][0]["trust_problem_code"] == "trust.no-chain"
       and untrusted["cades"]["problem_code"] == "trust.no-chain", output)
status, output = run("verify", book)
expect("verify: no trust anchor → exit 4", status == 4, output)

status, output = run("sign", book)
expect("sign: no key → exit 2", status == 2, output)
status, output = run("sign", book, "--sign-p12", f"{pki}/municipality.p12", "--sign-password-env",
                     "KLARMELD_TEST_UNSET_VARIABLE")
expect("sign: password variable unset → exit 3", status == 3, output)
vendor_bytes = open(book, "rb").read()
vendor_p7s = open(book + ".p7s", "rb").read()
status, output = run("sign", book, "--sign-p12", f"{pki}/municipality.p12", "--sign-password-file",
                     f"{pki}/p12-password.txt", "--comment", "Kontrasigneret")
expect("sign: countersign → exit 0, in its own file",
       status == 0 and "Countersigned" in output and book + ".countersign.p7s" in output, output)
expect("sign: countersigning leaves the workbook and the vendor's .p7s byte for byte",
       open(book, "rb").read() == vendor_bytes and open(book + ".p7s", "rb").read() == vendor_p7s)

status, output = run("verify", book, "--trust", f"{pki}/root-ca.pem", "--json")
expect("verify --json after countersigning → exit 0", status == 0, output)
report = json.loads(output)
signatures = report["files"][0]["signatures"]
expect("verify --json: the vendor's package signature, valid and trusted",
       len(signatures) == 1 and signatures[0]["valid"] and signatures[0]["trusted"]
       and signatures[0]["signer"]["cvr"] == "12345674", output)
expect("verify --json: the .p7s is still the vendor's and valid",
       report["files"][0]["cades"]["valid"] and report["files"][0]["cades"]["signer_cvr"] == "12345674", output)
expect("verify --json: the countersignature is the municipality's and valid",
       report["files"][0]["countersignature"]["valid"] and report["files"][0]["countersignature"]["trusted"]
       and report["files"][0]["countersignature"]["signer_cvr"] == "55133018", output)
expect("verify --json: content summary", report["files"][0]["content"]["vendor_cvr"] == "12345674", output)
expect("verify --json: result", report["result"] == "valid", output)

# An independent reader accepts the countersignature over the very same bytes.
check = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-purpose", "any", "-in",
                        book + ".countersign.p7s", "-content", book, "-CAfile", f"{pki}/root-ca.pem",
                        "-out", os.devnull], capture_output=True, text=True)
expect("openssl cms -verify accepts the countersignature", check.returncode == 0, check.stderr)

# Another party may not silently replace the municipality's countersignature.
status, output = run("sign", book, "--sign-p12", f"{pki}/vendor.p12", "--sign-password-file",
                     f"{pki}/p12-password.txt")
expect("sign: a second countersigner → exit 2, already countersigned",
       status == 2 and "already countersigned" in output, output)

# An expired signer certificate is refused with its dates, and nothing is written.
before = {name: open(name, "rb").read() for name in (book, book + ".p7s", book + ".countersign.p7s")}
status, output = run("sign", book, "--sign-p12", f"{pki}/vendor-expired.p12", "--sign-password-file",
                     f"{pki}/p12-password.txt")
expect("sign: expired signer certificate → exit 3, naming the dates",
       status == 3 and "has expired (valid " in output and " to " in output, output)
expect("sign: an expired signer writes nothing",
       all(open(name, "rb").read() == content for name, content in before.items()))

# Tamper: change one worksheet inside the package (the .p7s no longer matches either).
tampered = "tampered.xlsx"
with zipfile.ZipFile(book) as original, zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as out:
    for info in original.infolist():
        data = original.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            data = data.replace(b"<row ", b"<row spans=\"1:1\" ", 1) if b"spans" not in data else data + b" "
        out.writestr(info, data)
status, output = run("verify", tampered, "--trust", f"{pki}/root-ca.pem", "--json")
expect("verify: tampered → exit 1", status == 1, output)
report = json.loads(output)
problems = [p for s in report["files"][0]["signatures"] for p in s["problems"]]
expect("verify: the tampered part is named in the signature",
       sum(1 for p in problems if p["part"] == "/xl/worksheets/sheet1.xml" and p["code"] == "part.modified") == 1,
       output)
status, output = run("verify", tampered, book, "--trust", f"{pki}/root-ca.pem")
expect("verify: one invalid among several → exit 1", status == 1 and "Result: invalid" in output, output)
status, output = run("verify", "does-not-exist.xlsx")
expect("verify: missing file → exit 2", status == 2, output)

sys.exit(1 if failures else 0)
