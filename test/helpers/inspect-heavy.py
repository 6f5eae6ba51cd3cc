# A process with many mappings and many open fds, for the `ptop inspect` bench.
# Usage: python3 inspect-heavy.py MAPPINGS FDS
# Maps MAPPINGS small anonymous regions with alternating protections (so the kernel cannot merge
# neighbours) and opens FDS descriptors: regular files, pipes, unix socket pairs, UDP sockets and
# eventfds. Prints one JSON line {"pid", "mappings", "fds"} when ready (counts read back from
# /proc/self), then sleeps until killed or until stdin closes.
import json
import mmap
import os
import resource
import socket
import sys
import tempfile

want_maps = int(sys.argv[1])
want_fds = int(sys.argv[2])

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
need = want_fds + 256
if soft < need:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard) if hard != resource.RLIM_INFINITY else need, hard))

regions = []
page = mmap.PAGESIZE
for i in range(want_maps):
    prot = mmap.PROT_READ if i % 2 == 0 else mmap.PROT_READ | mmap.PROT_WRITE
    m = mmap.mmap(-1, page, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, prot=prot)
    if i % 2 == 1:
        m[0] = 1  # touch: one resident private page
    regions.append(m)

keep = []
tmpdir = tempfile.mkdtemp(prefix='ptop-bench-')
path = os.path.join(tmpdir, 'data')
with open(path, 'wb') as f:
    f.write(b'x' * 4096)
opened = 0
kinds = ['file', 'file', 'pipe', 'unix', 'udp', 'eventfd']
k = 0
while opened < want_fds:
    kind = kinds[k % len(kinds)]
    k += 1
    if kind == 'file':
        keep.append(os.open(path, os.O_RDONLY))
        opened += 1
    elif kind == 'pipe' and opened + 2 <= want_fds:
        keep.extend(os.pipe())
        opened += 2
    elif kind == 'unix' and opened + 2 <= want_fds:
        keep.extend(socket.socketpair())
        opened += 2
    elif kind == 'udp':
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(('127.0.0.1', 0))
        keep.append(s)
        opened += 1
    elif kind == 'eventfd':
        keep.append(os.eventfd(0))
        opened += 1

with open('/proc/self/maps') as f:
    n_maps = sum(1 for _ in f)
n_fds = len(os.listdir('/proc/self/fd'))
os.unlink(path)
os.rmdir(tmpdir)
sys.stdout.write(json.dumps({'pid': os.getpid(), 'mappings': n_maps, 'fds': n_fds}) + '\n')
sys.stdout.flush()
sys.stdin.read()
