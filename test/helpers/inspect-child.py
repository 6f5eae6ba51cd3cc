# The subject of the `ptop inspect` integration tests: a process holding one of everything the
# detail view shows, which reports its facts as one JSON line on stdout when ready and then idles
# (no allocation, no I/O) until stdin closes or it is killed.
#
# - a file mapped MAP_SHARED here and in a second process (a forked helper that maps the same file
#   on its own; it dies with us through PR_SET_PDEATHSIG), every page touched by both;
# - private anonymous memory, every page written;
# - a TCP listener on 127.0.0.1 and a connected pair to it; the same on ::1 when IPv6 works;
# - a UDP socket, a unix stream socket bound to a path and listening, a pipe;
# - named threads (prctl PR_SET_NAME), waiting on an event.
# Usage: python3 inspect-child.py WORKDIR
import ctypes
import json
import mmap
import os
import signal
import socket
import sys
import threading

PR_SET_NAME = 15
PR_SET_PDEATHSIG = 1
PAGE = mmap.PAGESIZE
SHARED_PAGES = 64
PRIVATE_PAGES = 2048

libc = ctypes.CDLL(None, use_errno=True)
workdir = sys.argv[1]

# the shared file, and a second process that maps it too
shared_path = os.path.join(workdir, 'shared.bin')
with open(shared_path, 'wb') as f:
    f.write(b's' * (SHARED_PAGES * PAGE))
ready_r, ready_w = os.pipe()
helper = os.fork()
if helper == 0:
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    fd = os.open(shared_path, os.O_RDONLY)
    m = mmap.mmap(fd, SHARED_PAGES * PAGE, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ)
    total = 0
    for i in range(SHARED_PAGES):
        total += m[i * PAGE]
    os.write(ready_w, b'1')
    while True:
        signal.pause()
os.close(ready_w)
os.read(ready_r, 1)
os.close(ready_r)

shared_fd = os.open(shared_path, os.O_RDONLY)
shared = mmap.mmap(shared_fd, SHARED_PAGES * PAGE, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ)
os.close(shared_fd)
touched = 0
for i in range(SHARED_PAGES):
    touched += shared[i * PAGE]

private = mmap.mmap(-1, PRIVATE_PAGES * PAGE, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
for i in range(PRIVATE_PAGES):
    private[i * PAGE] = 1


def tcp_pair(family, host):
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.bind((host, 0))
    listener.listen(8)
    client = socket.socket(family, socket.SOCK_STREAM)
    client.connect(listener.getsockname()[:2])
    server, _ = listener.accept()
    return listener, client, server


keep = []
l4, c4, s4 = tcp_pair(socket.AF_INET, '127.0.0.1')
keep += [l4, c4, s4]
tcp4 = {
    'listenPort': l4.getsockname()[1], 'listenFd': l4.fileno(),
    'clientFd': c4.fileno(), 'clientPort': c4.getsockname()[1],
    'serverFd': s4.fileno(),
}
tcp6 = None
try:
    l6, c6, s6 = tcp_pair(socket.AF_INET6, '::1')
    keep += [l6, c6, s6]
    tcp6 = {
        'listenPort': l6.getsockname()[1], 'listenFd': l6.fileno(),
        'clientFd': c6.fileno(), 'clientPort': c6.getsockname()[1],
        'serverFd': s6.fileno(),
    }
except OSError:
    tcp6 = None

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(('127.0.0.1', 0))
keep.append(udp)

unix_path = os.path.join(workdir, 'inspect.sock')
unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
unix.bind(unix_path)
unix.listen(1)
keep.append(unix)

pipe_r, pipe_w = os.pipe()

stop = threading.Event()
names = ['ptop-worker-a', 'ptop-worker-b']
tids = {}
started = threading.Barrier(len(names) + 1)


def worker(name):
    libc.prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()), 0, 0, 0)
    tids[name] = threading.get_native_id()
    started.wait()
    stop.wait()


for n in names:
    threading.Thread(target=worker, args=(n,), daemon=True).start()
started.wait()

facts = {
    'pid': os.getpid(),
    'helperPid': helper,
    'sharedPath': shared_path,
    'sharedPages': SHARED_PAGES,
    'privatePages': PRIVATE_PAGES,
    'page': PAGE,
    'tcp4': tcp4,
    'tcp6': tcp6,
    'udpFd': udp.fileno(),
    'udpPort': udp.getsockname()[1],
    'unixFd': unix.fileno(),
    'unixPath': unix_path,
    'pipeRead': pipe_r,
    'pipeWrite': pipe_w,
    'threads': tids,
}
sys.stdout.write(json.dumps(facts) + '\n')
sys.stdout.flush()
sys.stdin.read()
stop.set()
