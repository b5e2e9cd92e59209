#!/usr/bin/env python3
"""ippproxy.py — a loopback TCP proxy in front of the rig's cupsd that can
hold back or reset the answer to Send-Document (issue 13, hole 3).

    ippproxy.py LISTEN_PORT_FILE UPSTREAM_PORT MODE_FILE EVENT_FILE

Writes the port it listens on (127.0.0.1) to LISTEN_PORT_FILE. MODE_FILE
holds one line, read at each Send-Document answer:
    pass       forward everything (default)
    drop       cupsd has the whole document; its final answer is not
               forwarded and the kiosk's connection is reset (cupsd
               restarting after it received the file; libcups 2.4 then
               still reports success)
    hold N     the final answer is forwarded N seconds late
After a drop or hold the mode goes back to pass. EVENT_FILE gets a line
"drop" or "hold" when that happens, so the test can act in the window.
Every wait is bounded; the proxy exits when its parent (the test) is gone.
"""
import os
import socket
import struct
import sys
import threading
import time

port_file, upstream, mode_file, event_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
parent = os.getppid()


def mode():
    try:
        with open(mode_file) as f:
            return f.read().split()
    except OSError:
        return ["pass"]


def set_pass():
    with open(mode_file + ".tmp", "w") as f:
        f.write("pass\n")
    os.replace(mode_file + ".tmp", mode_file)


def event(what):
    with open(event_file, "a") as f:
        f.write(what + "\n")


def is_send_document(buf):
    """Whether the HTTP request starting BUF carries Send-Document (IPP
    operation 6); None while BUF is too short to tell."""
    head = buf.find(b"\r\n\r\n")
    if head < 0:
        return None
    body = buf[head + 4:]
    if b"chunked" in buf[:head].lower():
        eol = body.find(b"\r\n")
        if eol < 0:
            return None
        body = body[eol + 2:]
    if len(body) < 4:
        return None
    return body[2:4] == b"\x00\x06"


def pipe(client, server):
    state = {"senddoc": False, "reqbuf": None}
    lock = threading.Lock()

    def up():
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                with lock:
                    # The request's head and the start of its body may come
                    # in separate reads: collect until the operation shows.
                    if data.startswith(b"POST "):
                        state["reqbuf"] = b""
                    if state["reqbuf"] is not None:
                        state["reqbuf"] += data
                        verdict = is_send_document(state["reqbuf"])
                        if verdict is not None or len(state["reqbuf"]) > 65536:
                            state["senddoc"] = bool(verdict)
                            state["reqbuf"] = None
                server.sendall(data)
        except OSError:
            pass
        for s in (client, server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    t = threading.Thread(target=up, daemon=True)
    t.start()
    try:
        while True:
            data = server.recv(65536)
            if not data:
                break
            with lock:
                final = state["senddoc"] and data.startswith(b"HTTP/") and not data.startswith(b"HTTP/1.1 100")
                if final:
                    state["senddoc"] = False
            m = mode() if final else ["pass"]
            if m[0] == "drop":
                # A reset, as from a cupsd that died: libcups takes a plain
                # close after a complete request for success.
                set_pass()
                event("drop")
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                break
            if m[0] == "hold":
                set_pass()
                event("hold")
                time.sleep(float(m[1]) if len(m) > 1 else 5)
            client.sendall(data)
    except OSError:
        pass
    for s in (client, server):
        try:
            s.close()
        except OSError:
            pass


def main():
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    ls.settimeout(1.0)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(ls.getsockname()[1]))
    os.replace(port_file + ".tmp", port_file)
    while os.getppid() == parent:
        try:
            c, _ = ls.accept()
        except socket.timeout:
            continue
        try:
            s = socket.create_connection(("127.0.0.1", upstream), timeout=5)
            s.settimeout(None)
        except OSError:
            c.close()
            continue
        threading.Thread(target=pipe, args=(c, s), daemon=True).start()


main()
