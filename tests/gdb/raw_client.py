#!/usr/bin/env python3
"""Raw GDB remote protocol client for tests/suites/60-gdb.sh: what gdb
itself never sends (bad checksums, oversized and malformed packets), and
Ctrl-C while the target runs. Usage: raw_client.py PORT. Exits 0 if every
check held; prints one line per check."""
import socket
import sys
import time

port = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
buf = b""
failed = 0


def check(name, ok, detail=""):
    global failed
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
    if not ok:
        failed += 1


def frame(body):
    return b"$" + body + b"#" + ("%02x" % (sum(body) & 0xFF)).encode()


def read_reply():
    """Next packet body (acks skipped), acknowledged."""
    global buf
    while True:
        while b"$" in buf:
            start = buf.index(b"$")
            end = buf.find(b"#", start)
            if end < 0 or len(buf) < end + 3:
                break
            body = buf[start + 1:end]
            buf = buf[end + 3:]
            s.sendall(b"+")
            return body
        try:
            data = s.recv(65536)
        except socket.timeout:
            raise TimeoutError("no reply; have %r" % buf[-200:])
        if not data:
            raise EOFError("server closed the connection")
        buf += data


def cmd(body):
    s.sendall(frame(body))
    return read_reply()


s.sendall(b"+")
r = cmd(b"qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=arm")
check("qSupported", b"PacketSize=" in r and b"ReverseContinue+" in r and b"qXfer:features:read+" in r, r.decode())
r = cmd(b"qXfer:features:read:target.xml:0,fff")
check("target.xml", r.startswith(b"l") and b"org.gnu.gdb.arm.m-profile" in r and b"org.gnu.gdb.arm.vfp" in r
      and b"faultmask" in r, r[:80].decode())
r = cmd(b"qXfer:memory-map:read::0,fff")
check("memory-map", r.startswith(b"l") and b"<memory type=" in r, r[:80].decode())

# A bad checksum gets '-', and the server still answers after it.
s.sendall(b"$g#00")
time.sleep(0.2)
data = s.recv(100)
check("bad checksum nack", data.startswith(b"-"), repr(data))
r = cmd(b"?")
check("answers after a bad checksum", r.startswith(b"T05"), r.decode())

# Oversized: dropped with an error reply.
s.sendall(b"$" + b"A" * 40000 + b"#00")
r = read_reply()
check("oversized packet", r.startswith(b"E"), r[:40].decode())

# Malformed packets: errors or "unsupported", never a crash.
bad = [b"m", b"mzz,4", b"m0,", b"m0,ffffffffff", b"M0,4:zz", b"M0,4:00", b"X0,2:",
       b"p", b"pfffffffff", b"P0=", b"P1000=00000000", b"G00", b"Z9,0,0", b"Z0,,", b"Z2,0,0",
       b"qXfer:features:read:nope.xml:0,10", b"qXfer:features:read:target.xml:zz",
       b"qRcmd,6", b"qRcmd,zz", b"vCont;x", b"bq", b"c123456789abcdef01", b"\x00\xff\x7f",
       b"qXfer:features:read:target.xml:ffffffffffffffff,10"]
for body in bad:
    r = cmd(body)
    check("malformed %r" % body, r == b"" or r.startswith(b"E") or r.startswith(b"l"), repr(r[:40]))
r = cmd(b"m50000000,4")  # unmapped
check("unmapped read is an error", r.startswith(b"E"), r.decode())
# A write running past the end of RAM fails and changes nothing (the
# in-range bytes too: a failed write is outside the reverse history).
import re
mm = cmd(b"qXfer:memory-map:read::0,fff")
ends = [int(a, 16) + int(n, 16) for a, n in
        re.findall(rb'type="ram" start="(0x[0-9a-f]+)" length="(0x[0-9a-f]+)"', mm)]
ends = [e for e in ends if cmd(b"m%x,1" % e).startswith(b"E")]
check("a RAM end followed by unmapped space", len(ends) > 0, mm[:200].decode())
if ends:
    end = ends[0]
    before = cmd(b"m%x,4" % (end - 4))
    r = cmd(b"X%x,8:" % (end - 4) + b"\x11" * 8)
    check("X past the end of RAM is an error", r.startswith(b"E"), r.decode())
    r = cmd(b"m%x,4" % (end - 4))
    check("failed X changed nothing", r == before and r != b"11111111", r.decode())
    r = cmd(b"M%x,8:%s" % (end - 4, b"22" * 8))
    r = cmd(b"m%x,4" % (end - 4))
    check("failed M changed nothing", r == before, r.decode())
# Out of order: a stray ack, junk and a Ctrl-C while halted are ignored.
s.sendall(b"+-junk\x03")
r = cmd(b"qRcmd," + b"cycles".hex().encode())
check("monitor cycles", bytes.fromhex(r.decode()).startswith(b"cycles: 0"), r.decode())
r = cmd(b"qRcmd," + b"help".hex().encode())
check("monitor help", b"energy" in bytes.fromhex(r.decode()), r.decode())

# Ctrl-C: a tight loop ("b .") written into RAM, pc there, continue, interrupt.
r = cmd(b"M20010000,2:fee7")
check("write memory", r == b"OK", r.decode())
r = cmd(b"Pf=" + (0x20010000).to_bytes(4, "little").hex().encode())
check("write pc to the loop", r == b"OK", r.decode())
s.sendall(frame(b"vCont;c"))
time.sleep(0.5)
s.sendall(b"\x03")
r = read_reply()
check("Ctrl-C stops with SIGINT", r.startswith(b"T02"), r.decode())
r = cmd(b"pf")
check("stopped in the loop", r == (0x20010000).to_bytes(4, "little").hex().encode(), r.decode())
r = cmd(b"qRcmd," + b"cycles".hex().encode())
check("cycles moved on", not bytes.fromhex(r.decode()).startswith(b"cycles: 0\n"), r.decode())
# Reverse from there works too (replays the recorded writes).
r = cmd(b"bs")
check("reverse step in the loop", r.startswith(b"T05"), r.decode())
r = cmd(b"pf")
check("still in the loop after reverse", r == (0x20010000).to_bytes(4, "little").hex().encode(), r.decode())
# Fuzz the dispatcher: random packets (fixed seed) of every kind that does
# not run or end the target; each gets some reply, and the server lives on.
import random
rng = random.Random(12345)
heads = [b"g", b"G", b"p", b"P", b"m", b"M", b"X", b"Z", b"z", b"q", b"qXfer:", b"qRcmd,", b"Q", b"H",
         b"T", b"?", b"v", b"vCont?", b"x", b""]
alphabet = b"0123456789abcdefABCDEF,:;=#$}*-+xyz\x00\xff "
answered = 0
for n in range(1500):
    body = rng.choice(heads) + bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
    if rng.random() < 0.1:
        body += bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
    # what gdb would escape, escaped; never a kill/detach/run by accident
    body = body.replace(b"}", b"}]").replace(b"#", b"}\x03").replace(b"$", b"}\x04").replace(b"*", b"}\x0a")
    if body[:1] in (b"k", b"D", b"c", b"s", b"C", b"S", b"b", b"R") or body.startswith(b"vKill") \
       or body.startswith(b"vCont;") or body.startswith(b"vRun"):
        continue
    s.sendall(frame(body))
    rr = read_reply()
    answered += 1
r = cmd(b"?")
check("dispatcher fuzz (%d packets) and still answering" % answered, r.startswith(b"T05"), r.decode())

s.sendall(frame(b"k"))
time.sleep(0.2)
s.close()
sys.exit(1 if failed else 0)
