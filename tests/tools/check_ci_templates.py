#!/usr/bin/python3
"""Checks the CI templates in docs/ci: each YAML file parses, the Jenkinsfile compiles with groovyc,
and every klarmeld command they run is accepted by the real binary's option parser (the only error
allowed is the missing profile file, since the templates point at a vendor's repository)."""
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import os
import shutil

import yaml


def commands_in(text):
    found = []
    for line in text.splitlines():
        for match in re.finditer(r"klarmeld (check|verify|aggregate|sign|diff|criteria|demo)\b[^'\n]*", line):
            found.append(match.group(0).strip())
    return found


def prepare_repository(source, workdir):
    """What a vendor's repository holds for the templates: a profile (our sample) and a signing key
    file (a placeholder, so signing fails at run time with exit 3, after the options were accepted)."""
    shutil.copytree(source / "tests" / "data" / "profiles", Path(workdir) / "klarmeld")
    shutil.copy(Path(workdir) / "klarmeld" / "sample.yaml", Path(workdir) / "klarmeld" / "profil.yaml")
    (Path(workdir) / "certs").mkdir()
    (Path(workdir) / "certs" / "signing.p12").write_bytes(b"not a real PKCS#12")


def check_command(binary, command, workdir):
    arguments = shlex.split(command.replace('"$KLARMELD_SIGN_P12"', "certs/signing.p12"))[1:]
    environment = dict(os.environ, KLARMELD_SIGN_PASSWORD="placeholder", KLARMELD_P12_PASSWORD="placeholder", CI="1")
    result = subprocess.run([binary] + arguments, cwd=workdir, capture_output=True, text=True, timeout=120,
                            env=environment)
    output = result.stdout + result.stderr
    # 2 is the usage/input error code: anything else means the parser accepted every option.
    if result.returncode != 2:
        return None
    return f"{command!r} is rejected (exit 2): {output.strip()[:300]}"


def main():
    source, binary = Path(sys.argv[1]), sys.argv[2]
    problems = []
    ci = source / "docs" / "ci"
    templates = sorted(p for p in ci.iterdir() if p.name != "README.md")
    if len(templates) < 4:
        problems.append(f"expected 4 templates in {ci}, found {len(templates)}")
    total = 0
    with tempfile.TemporaryDirectory() as workdir:
        prepare_repository(source, workdir)
        for template in templates:
            text = template.read_text(encoding="utf-8")
            if template.suffix in (".yml", ".yaml"):
                document = yaml.safe_load(text)
                if not isinstance(document, dict):
                    problems.append(f"{template.name}: not a YAML mapping")
            elif template.name == "Jenkinsfile":
                target = Path(workdir) / "Jenkinsfile.groovy"
                target.write_text(text, encoding="utf-8")
                environment = dict(os.environ)
                java = shutil.which("java")
                if java and "JAVA_HOME" not in environment:
                    # groovy's launcher wants JAVA_HOME; Debian's default-java link may be absent.
                    environment["JAVA_HOME"] = str(Path(os.path.realpath(java)).parent.parent)
                compiled = subprocess.run(["groovyc", "-d", str(Path(workdir) / "classes"), str(target)],
                                          capture_output=True, text=True, timeout=300, env=environment)
                if compiled.returncode != 0:
                    problems.append(f"Jenkinsfile does not compile: {(compiled.stdout + compiled.stderr).strip()[:400]}")
            commands = commands_in(text)
            if not any(c.startswith("klarmeld check") for c in commands):
                problems.append(f"{template.name}: runs no `klarmeld check`")
            for command in commands:
                total += 1
                problem = check_command(binary, command, workdir)
                if problem:
                    problems.append(f"{template.name}: {problem}")
            for needed in ("--junit", "klarmelding.xlsx"):
                if needed not in text:
                    problems.append(f"{template.name}: does not use {needed}")
    for problem in problems:
        print("PROBLEM:", problem)
    print(f"ci templates: {len(templates)} files, {total} klarmeld commands checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
