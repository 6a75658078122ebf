"""Validates `herald event-samples` output against EventSchemas/<type>.v<N>.json (draft 2020-12).

Reads JSON lines on stdin. Fails when a sample does not validate, a sample's type has no schema
file, or a schema file has no sample (a type the catalogue no longer knows).
"""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator, FormatChecker

schema_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "EventSchemas")
files = {p.name: p for p in schema_dir.glob("*.json")}
seen = set()
passed = failed = 0

for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    sample = json.loads(line)
    name = f"{sample['type']}.v{sample['schema_version']}.json"
    seen.add(name)
    if name not in files:
        print(f"FAIL {name}: no schema file for {sample['type']} v{sample['schema_version']}")
        failed += 1
        continue
    schema = json.loads(files[name].read_text())
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(sample["data"]))
    if errors:
        for error in errors:
            print(f"FAIL {name}: {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}")
        failed += 1
    else:
        passed += 1

for name in sorted(set(files) - seen):
    print(f"FAIL {name}: schema file for a type the catalogue does not list")
    failed += 1

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
