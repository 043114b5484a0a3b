#!/usr/bin/python3
"""Independent check: does LibreOffice consider the OOXML package signatures of FILE valid?

Usage: lo_verify_signature.py FILE.xlsx [EXPECTED_COUNT]
Starts a private headless soffice, opens FILE as a plain zip storage (StorageFormat "ZipFormat", so
LibreOffice takes the OOXML signature path), and asks DocumentDigitalSignatures for the document
content signatures. Prints one line per signature; exit 0 when there are EXPECTED_COUNT (default: at
least one) signatures and each is valid (certificate trust is not judged: the test CA is not in
LibreOffice's certificate store). Exit 1 otherwise, 2 when LibreOffice cannot be used.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = os.path.abspath(sys.argv[1])
    expected = int(sys.argv[2]) if len(sys.argv) > 2 else None
    try:
        import uno
        from com.sun.star.beans import PropertyValue
    except ImportError as error:
        print(f"python3-uno is not installed: {error}", file=sys.stderr)
        return 2
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    profile = tempfile.mkdtemp(prefix="klarmeld-lo-")
    pipe = "klarmeld_lo_" + str(os.getpid())
    # soffice writes its temporary files (lu*.tmp) to $TMPDIR: inside the private folder, they go with it.
    scratch = os.path.join(profile, "tmp")
    os.mkdir(scratch)
    environment = dict(os.environ, TMPDIR=scratch)
    process = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
         f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    context = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):  # up to 60 s for a cold start
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if process.poll() is not None:
                    break
                time.sleep(0.5)
        if context is None:
            print("soffice did not start", file=sys.stderr)
            return 2
        manager = context.ServiceManager
        factory = manager.createInstanceWithContext("com.sun.star.embed.StorageFactory", context)
        format_property = PropertyValue()
        format_property.Name = "StorageFormat"
        format_property.Value = "ZipFormat"
        arguments = (uno.systemPathToFileUrl(path), 1,  # ElementModes.READ
                     uno.Any("[]com.sun.star.beans.PropertyValue", (format_property,)))
        storage = uno.invoke(factory, "createInstanceWithArguments", (arguments,))
        signatures = manager.createInstanceWithContext("com.sun.star.security.DocumentDigitalSignatures", context)
        infos = signatures.verifyDocumentContentSignatures(storage, None)
        all_valid = len(infos) > 0 if expected is None else len(infos) == expected
        for info in infos:
            subject = info.Signer.SubjectName if info.Signer else "(no certificate)"
            print(f"valid={info.SignatureIsValid} partial={info.PartialDocumentSignature} "
                  f"certificate_status={info.CertificateStatus} signer={subject}")
            all_valid = all_valid and bool(info.SignatureIsValid)
        print(f"signatures={len(infos)} all_valid={all_valid}")
        return 0 if all_valid else 1
    finally:
        stop(process, context)
        shutil.rmtree(profile, ignore_errors=True)


def stop(process, context):
    """Ends soffice. Asked through UNO it exits cleanly and removes its pipes from /tmp
    (OSL_PIPE_*, always there whatever $TMPDIR says); a signal leaves them behind."""
    if context is not None:
        try:
            desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            desktop.terminate()
            process.wait(timeout=20)
            return
        except Exception:  # the bridge is gone with the process, or it did not exit: a signal then
            pass
    try:
        process.terminate()
        process.wait(timeout=20)
    except Exception:
        process.kill()
        process.wait()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # a UNO failure is "cannot check", not "invalid"
        print(f"LibreOffice check failed: {error}", file=sys.stderr)
        sys.exit(2)
