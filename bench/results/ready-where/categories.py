#!/usr/bin/env python3
"""Where the CPU samples of one start went, by thread and Quarkus start step: python3 categories.py ready-profile.collapsed.gz"""
import collections
import gzip
import re
import sys

total = 0
found = collections.Counter()
with gzip.open(sys.argv[1], 'rt') as profile:
    for line in profile:
        stack, count = line.rsplit(' ', 1)
        count = int(count)
        total += count
        frames = stack.split(';')
        if 'CompileBroker' in stack:
            key = 'JIT, C2' if 'C2Compiler' in stack else ('JIT, C1' if 'Compilation::' in stack else 'JIT, other')
        elif 'GeneratedMain' in stack or 'QuarkusEntryPoint' in stack:
            key = None
            for frame in frames:
                step = re.match(r'io/quarkus/runner/recorded/([^.;]+)\.deploy$', frame)
                if step:
                    key = 'main thread, start step ' + re.sub(r'\d+$', '', step.group(1))
                    break
            if key is None:
                config = any('runtime/generated/Config' in f or 'SmallRyeConfigBuilder' in f or 'StaticInitConfig' in f
                             or 'RuntimeConfig' in f for f in frames)
                key = 'main thread, configuration' if config else 'main thread, other'
        elif 'JavaMain' in stack:
            key = 'main thread, JVM launcher'
        elif 'FastThreadLocalRunnable' in stack:
            key = 'event loops'
        elif 'VMThread' in stack:
            key = 'VM thread'
        else:
            key = 'other threads'
        found[key] += count
print(f'{total} samples')
for key, count in found.most_common():
    print(f'{count:5d} {100 * count / total:5.1f} %  {key}')
