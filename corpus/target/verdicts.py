#!/usr/bin/env python3
"""Turns the loader's answers (build.sh's cases.tsv: root, file, exit status, first stdout line,
stderr) into expected.json. The verdict is read from the loader's message, never from our tool:
  status 0 and stdout "ok ..."                               -> loads
  chroot: failed to run command ...: No such file or directory -> missing-interpreter (PT_INTERP by readelf)
  glibc "error while loading shared libraries: NAME: ..."    -> missing-library NAME
  glibc "version `V' not found"                              -> missing-version V
  musl "Error loading shared library NAME: ..."              -> missing-library NAME
"""
import json, re, subprocess, sys

cases, roots = sys.argv[1], sys.argv[2]
out = []
for line in open(cases, encoding='utf-8'):
    root, file, status, stdout, stderr, library_path = line.rstrip('\n').split('\t')
    status = int(status)
    name = None
    if status == 0:
        verdict = 'loads'
    elif 'failed to run command' in stderr and 'No such file or directory' in stderr:
        verdict = 'missing-interpreter'
        ph = subprocess.run(['readelf', '-lW', f'{roots}/{root}{file}'], capture_output=True, text=True).stdout
        name = re.search(r'Requesting program interpreter: ([^\]]+)\]', ph).group(1)
    elif (m := re.search(r"version `([^']+)' not found", stderr)):
        verdict, name = 'missing-version', m.group(1)
    elif (m := re.search(r'error while loading shared libraries: ([^:]+):', stderr)):
        verdict, name = 'missing-library', m.group(1)
    elif (m := re.search(r'Error loading shared library ([^:]+):', stderr)):
        verdict, name = 'missing-library', m.group(1)
    else:
        raise SystemExit(f'unclassified loader answer for {root} {file}: status {status}, {stderr!r}')
    case = {'root': root, 'file': file, 'verdict': verdict, 'name': name, 'status': status, 'message': stderr.strip()}
    if library_path:
        case['libraryPath'] = library_path
    out.append(case)
print(json.dumps(out, indent=2))
