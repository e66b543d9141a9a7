#!/usr/bin/env bash
# scripts/test's release bundle step: scripts/package with the extension already built (no second
# cargo build), then
#  - the plugin zip: one top folder course_notification/, no developer folder, every file Moodle
#    needs (what Moodle reads is spelt out here, apart from scripts/package's own exclusion list),
#    nothing untracked, the same bytes when made twice;
#  - the bundle's own install-extension, run from the bundle with --root into a scratch tree, finds
#    the bundle's .so, installs it, and PHP with that tree's conf.d (PHP_INI_SCAN_DIR) loads it and
#    reports version.php's release; a second run changes nothing; --dry-run writes nothing;
#  - a .so built for a thread-safe PHP, or for another minor version (its build ID changed), is
#    refused with the reason, and a file that is no extension with PHP's own loader message.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

[ -f "$EXT_SO" ] || die "$EXT_SO is not built (build_extension first)"
work="$ROOT/.test/bundle-check"
out="$work/bundle"
rm -rf "$work" && mkdir -p "$work"

release=$(sed -n "s/^\$plugin->release *= *'\([^']*\)'.*/\1/p" version.php)
php_ver=$(php -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
ts=$(php -n -r 'echo PHP_ZTS ? "zts" : "nts";')
arch=$(php -n -r 'echo php_uname("m");')
zip="$out/block_course_notification-$release.zip"
so_name="course_notification-$release-php$php_ver-$ts-$arch.so"

"$ROOT/scripts/package" --so "$EXT_SO" --out "$out" > "$work/package.log" 2>&1 \
    || { cat "$work/package.log"; die "scripts/package failed"; }
for f in "$zip" "$out/$so_name" "$out/install-extension" "$out/INSTALL" "$out/SHA256SUMS"; do
    [ -f "$f" ] || die "the bundle lacks $(basename "$f")"
done
(cd "$out" && sha256sum --quiet -c SHA256SUMS) || die "SHA256SUMS does not match the bundle"
grep -q "$so_name" "$out/INSTALL" || die "INSTALL does not name $so_name"
first=$(sha256sum < "$zip")
"$ROOT/scripts/package" --so "$EXT_SO" --out "$out" > /dev/null 2>&1
[ "$(sha256sum < "$zip")" = "$first" ] || die "the zip is not the same bytes when made twice"
echo "bundle: $(cd "$out" && ls | tr '\n' ' ')"

# The zip's entries against what Moodle needs.
python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$zip" > "$work/entries"
grep -v '^course_notification/' "$work/entries" && die "entries outside the top folder course_notification/"
sed -n 's|^course_notification/||p' "$work/entries" | grep -v -e '/$' -e '^$' | sort > "$work/zip-files"
git ls-files | sort > "$work/tracked"
# What Moodle reads at run time: these folders, and the plugin's top-level files.
runtime='^(backup|classes|cli|db|lang|templates|pix|amd|fonts|yui)/|^[^/]+\.(php|xml|css)$|^README\.md$'
grep -E "$runtime" "$work/tracked" > "$work/needed"
missing=$(comm -23 "$work/needed" "$work/zip-files")
[ -z "$missing" ] || die "the zip lacks files Moodle needs: $missing"
extra=$(comm -13 "$work/tracked" "$work/zip-files")
[ -z "$extra" ] || die "the zip holds untracked files: $extra"
dev=$(grep -E '^(target|crates|src|scripts|tests|php|\.ci|docs|dist)/|^(Cargo\.(toml|lock)|rustfmt\.toml|\.git.*)$' "$work/zip-files" || true)
[ -z "$dev" ] || die "the zip holds developer files: $dev"
unknown=$(grep -Ev "$runtime" "$work/zip-files" || true)
[ -z "$unknown" ] || die "the zip holds files this check does not know Moodle needs (add them to scripts/package's exclusions, or to this list): $unknown"
cmp -s <(unzip -p "$zip" course_notification/version.php) version.php || die "the zip's version.php is not the checkout's"
echo "zip: $(wc -l < "$work/zip-files") files, all $(wc -l < "$work/needed") that Moodle needs, no developer file"

# The bundle's own install step, into a scratch tree. A Cargo.toml beside the bundle stands for
# dist/ in a checkout: the bundle's install-extension must still install its own .so, not build.
: > "$work/Cargo.toml"
root="$work/root"
"$out/install-extension" --root "$root" > "$work/install.log" 2>&1 \
    || { cat "$work/install.log"; die "the bundle's install-extension --root failed"; }
grep -q "installed (from $out/$so_name)" "$work/install.log" \
    || { cat "$work/install.log"; die "the bundle's install-extension did not install the bundle's $so_name"; }
conf="$root/etc/php/$php_ver/cli/conf.d"
[ -d "$conf" ] || conf=$(dirname "$(find "$root" -name '*course_notification.ini' -path '*conf.d*' | head -n1)")
# Read in full first: grep -q stopping at the match would kill php with SIGPIPE (pipefail).
modules=$(PHP_INI_SCAN_DIR="$conf" php -m)
grep -qx course_notification <<<"$modules" \
    || die "PHP_INI_SCAN_DIR=$conf php -m does not list course_notification"
loaded=$(PHP_INI_SCAN_DIR="$conf" php -r 'echo CourseNotification\Engine::version();')
[ "$loaded" = "$release" ] || die "the installed extension says $loaded, version.php's release is $release"
echo "installed under $root: PHP_INI_SCAN_DIR=$conf php -m lists course_notification, version $loaded"
"$out/install-extension" --root "$root" > "$work/install2.log" 2>&1 || { cat "$work/install2.log"; die "second install failed"; }
grep -q 'nothing changed' "$work/install2.log" || { cat "$work/install2.log"; die "a second install changed something"; }
"$out/install-extension" --root "$work/dry" --dry-run > "$work/dry.log" 2>&1 || { cat "$work/dry.log"; die "--dry-run failed"; }
[ -z "$(find "$work/dry" -type f -o -type l)" ] || die "--dry-run wrote files"
echo "a second install changes nothing; --dry-run writes nothing"

# What it refuses: the build ID rewritten in a copy of the .so, and a file that is no extension.
python3 - "$EXT_SO" "$work" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
ident = re.search(rb"API[0-9]{8},N?TS", data).group(0)
api, mode = ident.split(b",")
def write(name, new):  # the same length, so nothing else in the file moves
    open(f"{sys.argv[2]}/{name}", "wb").write(data.replace(ident, new.ljust(len(ident), b"\0")))
if mode == b"NTS":  # "TS" fits where "NTS" was; the other way round does not
    write("other-ts.so", api + b",TS")
write("other-api.so", b"API20100525," + mode)
open(f"{sys.argv[2]}/junk.so", "wb").write(b"not a shared object\n" * 64)
EOF
refused() {
    local so=$1 expect=$2
    if "$out/install-extension" --root "$work/refused" --so "$work/$so" > "$work/refused.log" 2>&1; then
        die "install-extension installed $so"
    fi
    grep -q "$expect" "$work/refused.log" || { cat "$work/refused.log"; die "install-extension refused $so without saying '$expect'"; }
    [ -z "$(find "$work/refused" -type f -o -type l 2>/dev/null)" ] || die "install-extension wrote files for $so"
}
[ "$ts" != nts ] || refused other-ts.so "built for a thread-safe (ZTS) PHP"
refused other-api.so "module API 20100525"
refused junk.so "Unable to load dynamic library"
echo "refused: a ZTS/NTS mismatch, another module API, a file PHP cannot load (with PHP's message)"
