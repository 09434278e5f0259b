#!/usr/bin/env python3
"""Where a collapsed CPU profile of the gateway spends its samples on hand-offs between event loops.

python3 hand-offs.py <profile.collapsed>: the share of samples that wake another loop (EventFD.set under
NioEventLoop.wakeup, by the caller that handed work over), that wait in or process the selector, and that run as
queued tasks, then the 25 hottest leaf methods.
"""
import collections
import sys

total = 0
wake_by_caller = collections.Counter()
kinds = collections.Counter()
leaves = collections.Counter()
for line in open(sys.argv[1]):
    stack, count = line.rsplit(' ', 1)
    count = int(count)
    total += count
    frames = stack.split(';')
    java = [f for f in frames if '/' in f]
    leaves[(java[-1] if java else frames[-1]).split('(')[0]] += count
    if 'NioEventLoop.wakeup' in stack:
        kinds['waking another loop (NioEventLoop.wakeup)'] += count
        i = max(i for i, f in enumerate(frames) if 'SingleThreadEventExecutor.execute' in f)
        callers = [f.split('/')[-1].split('$$')[0] for f in frames[max(0, i - 6):i] if 'execute' not in f.lower()]
        wake_by_caller[' < '.join(reversed(callers[-3:]))] += count
    elif 'EPoll.wait' in stack or 'EPollSelectorImpl.processEvents' in stack:
        kinds['selector: epoll_wait and its events'] += count
    elif 'runAllTasks' in stack:
        kinds['queued tasks (work handed to the loop)'] += count
    elif 'processSelectedKey' in stack:
        kinds['socket events (reads and what they trigger)'] += count
    elif 'CompileBroker' in stack:
        kinds['JIT'] += count
    else:
        kinds['other (GC, VM, other threads)'] += count
print(f'{total} samples')
for kind, count in kinds.most_common():
    print(f'{count:6d} {100 * count / total:5.1f} %  {kind}')
print('\nwaking another loop, by the code that handed work over:')
for caller, count in wake_by_caller.most_common(8):
    print(f'{count:6d} {100 * count / total:5.1f} %  {caller}')
print('\nhottest leaf methods:')
for leaf, count in leaves.most_common(25):
    print(f'{count:6d} {100 * count / total:5.1f} %  {leaf}')
