"""A loopback TCP server that never finishes a handshake, for test_network_bounds.sh.

usage: stalling_server.py PORTFILE silent|drip|banner
  silent  accept and say nothing
  drip    send a TLS record header (handshake, 16 KiB long), then one NUL byte every 3 s
  banner  send an SSH banner, then nothing
Writes the chosen port to PORTFILE once it listens; runs until killed.
"""
import select
import socket
import sys
import time

port_file, mode = sys.argv[1], sys.argv[2]
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
with open(port_file + ".tmp", "w") as out:
    out.write(str(listener.getsockname()[1]))
import os
os.replace(port_file + ".tmp", port_file)

clients = []
next_drip = time.monotonic() + 3
while True:
    ready, _, _ = select.select([listener], [], [], 0.2)
    if ready:
        client, _ = listener.accept()
        if mode == "drip":
            client.sendall(b"\x16\x03\x03\x40\x00")
        elif mode == "banner":
            client.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
        clients.append(client)
    if mode == "drip" and time.monotonic() >= next_drip:
        for client in clients:
            try:
                client.sendall(b"\0")
            except OSError:
                pass
        next_drip += 3
