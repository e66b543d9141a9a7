"""Writes a reproducible zip: the same files give the same bytes.

usage: make_zip.py OUT.zip TOP_FOLDER EPOCH < NUL-separated relative paths

Every entry goes under TOP_FOLDER/, in byte order of its path, its folders first, with the time
EPOCH (UTC; scripts/package gives the last commit's) and the mode 0644, or 0755 when the file is
executable: nothing of the machine that builds it (owner, umask, mtime, walk order) gets in.
"""

import os
import stat
import sys
import time
import zipfile


def main() -> None:
    out, top, epoch = sys.argv[1], sys.argv[2].strip("/"), int(sys.argv[3])
    paths = sorted({p for p in sys.stdin.buffer.read().decode().split("\0") if p})
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip cannot hold a date before 1980
    folders = set()
    for p in paths:
        parts = p.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            folders.add("/".join(parts[:i]))
    entries = sorted([(f + "/", None) for f in folders] + [(p, p) for p in paths])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(_info(top + "/", stamp, 0o755, True), b"")
        for name, src in entries:
            if src is None:
                z.writestr(_info(f"{top}/{name}", stamp, 0o755, True), b"")
                continue
            with open(src, "rb") as f:
                data = f.read()
            mode = 0o755 if _executable(src) else 0o644
            z.writestr(_info(f"{top}/{name}", stamp, mode, False), data, zipfile.ZIP_DEFLATED, 9)


def _executable(path: str) -> bool:
    return bool(os.stat(path).st_mode & stat.S_IXUSR)


def _info(name: str, stamp, mode: int, folder: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.create_system = 3  # Unix, so that external_attr carries the mode
    info.external_attr = ((stat.S_IFDIR if folder else stat.S_IFREG) | mode) << 16
    if folder:
        info.external_attr |= 0x10  # MS-DOS directory flag
    return info


if __name__ == "__main__":
    main()
