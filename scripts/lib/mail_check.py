#!/usr/bin/env python3
"""Reads one message as the SMTP catcher stored it, with Python's own e-mail parser, and prints what a
test needs to know as JSON: the headers (decoded), each text part (decoded from its charset) and,
with --dkim-txt, whether its DKIM signature verifies (dkimpy, given the selector's DNS TXT record
directly instead of asking DNS). It shares no code with the engine: an independent reader.

usage: mail_check.py FILE [--dkim-txt 'v=DKIM1; k=rsa; p=...']
"""
import argparse
import email
import email.header
import email.policy
import json


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--dkim-txt")
    args = parser.parse_args()
    with open(args.file, "rb") as f:
        raw = f.read()
    # The catcher's own X-Catcher-* lines come first; the message as sent starts after them.
    lines = raw.split(b"\r\n")
    while lines and lines[0].startswith(b"X-Catcher-"):
        lines.pop(0)
    sent = b"\r\n".join(lines)
    message = email.message_from_bytes(sent, policy=email.policy.default)
    out = {
        "headers": [[k, str(v)] for k, v in message.items()],
        "parts": [],
    }
    for part in message.walk():
        if part.get_content_maintype() == "text":
            out["parts"].append({
                "type": part.get_content_type(),
                "charset": part.get_content_charset(),
                "text": part.get_content(),
            })
    if args.dkim_txt is not None:
        import dkim

        txt = args.dkim_txt.encode()

        def dnsfunc(name, timeout=5):
            return txt

        verifier = dkim.DKIM(sent)
        try:
            out["dkim"] = bool(verifier.verify(dnsfunc=dnsfunc))
        except dkim.DKIMException as e:
            out["dkim"] = False
            out["dkim_error"] = str(e)
        signature = message.get("DKIM-Signature")
        out["dkim_tags"] = str(signature) if signature else None
    print(json.dumps(out))


if __name__ == "__main__":
    main()
