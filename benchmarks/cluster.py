#!/usr/bin/env python3
"""Chaos test of a Loket cluster: three `loket serve` instances on one PostgreSQL behind a round-robin proxy.

It plays WhatsApp Cloud API on both sides. As the platform it delivers signed webhooks from many citizens through
the proxy (unique wamids, rising timestamps per citizen, about 10% delivered twice, some adjacent messages sent out
of order, some sent at once or batched in one webhook), and delivers again whatever did not get a 200, as the
platform does. As the Graph API it takes the replies (POST {base}/{phone-number-id}/messages), marks-as-read and
media downloads, answering now and then 500, 429 or late. At about 40% of the run it kills one instance with SIGKILL
and starts it again on the same port. Once the outbox has drained it proves from PostgreSQL and from what the fake
platform received:

  (a) every accepted message is in the inbound table exactly once, and none was handled twice;
  (b) every reply in the outbox reached the platform exactly once: none missing, none sent twice, none dead;
  (c) order per citizen: messages delivered one after the other were handled in that order, replies reached the
      platform in the order of the outbox, and the events of one citizen never interleaved;
  (d) nothing stuck: no reply pending, no conversation left waiting for the directory, every case consistent with
      its conversation and its ticket told to the citizen, no timer overdue.

Python 3 standard library only. Normally run through benchmarks/cluster.sh, which provides the database:
    python3 benchmarks/cluster.py --bin .build/release/loket --db postgres://… --messages 20000 --citizens 500
Exit status 0 when every proof holds, 1 when one fails, 2 when the cluster could not be run.
"""

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

APP_SECRET = "cluster-app-secret"
VERIFY_TOKEN = "cluster-verify"
ACCESS_TOKEN = "cluster-access-token"
PHONE_NUMBER_ID = "1122334455667"
WABA_ID = "102290129340398"
GRAPH_VERSION = "v21.0"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def now():
    return time.monotonic()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def say(text):
    print(text, flush=True)


# MARK: - HTTP/1.1, just enough for webhooks, the Graph API and a proxy


class HTTPError(Exception):
    pass


async def read_message(reader, is_request):
    """One request or response: (first line, lower-cased headers, body)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = bytearray()
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass
                break
            body += await reader.readexactly(size)
            await reader.readexactly(2)
        return lines[0], headers, bytes(body)
    if "content-length" in headers:
        return lines[0], headers, await reader.readexactly(int(headers["content-length"]))
    if is_request:
        return lines[0], headers, b""
    return lines[0], headers, await reader.read()


REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 429: "Too Many Requests",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def render_response(status, content_type, body, close):
    head = f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\nContent-Type: {content_type}\r\n"
    head += f"Content-Length: {len(body)}\r\nConnection: {'close' if close else 'keep-alive'}\r\n\r\n"
    return head.encode() + body


async def http_request(port, method, path, headers=None, body=b"", timeout=30.0):
    """One request on a fresh connection to 127.0.0.1:port: (status, headers, body)."""
    async def run():
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
        try:
            head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
            for name, value in (headers or {}).items():
                head += f"{name}: {value}\r\n"
            head += f"Content-Length: {len(body)}\r\n\r\n"
            writer.write(head.encode() + body)
            await writer.drain()
            first, response_headers, response_body = await read_message(reader, is_request=False)
            return int(first.split(" ", 2)[1]), response_headers, response_body
        finally:
            writer.close()
    return await asyncio.wait_for(run(), timeout)


async def start_server(port, handler):
    """An HTTP server whose handler(method, target, headers, body) returns (status, content_type, body)."""
    async def connection(reader, writer):
        try:
            while True:
                try:
                    first, headers, body = await read_message(reader, is_request=True)
                except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
                    return
                method, target, version = first.split(" ", 2)
                status, content_type, payload = await handler(method, target, headers, body)
                close = headers.get("connection", "").lower() == "close" or version.strip() == "HTTP/1.0"
                writer.write(render_response(status, content_type, payload, close))
                await writer.drain()
                if close:
                    return
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
    return await asyncio.start_server(connection, "127.0.0.1", port, limit=1 << 20, backlog=1024)


# MARK: - The fake Graph API


def jpeg(width, height, padding):
    """A JPEG header MediaCheck can measure: SOI, a comment of padding, a baseline SOF0 frame, EOI."""
    comment = b"\xff\xfe" + (len(padding) + 2).to_bytes(2, "big") + padding
    frame = b"\xff\xc0\x00\x11\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big")
    frame += b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8" + comment + frame + b"\xff\xd9"


class GraphAPI:
    """WhatsApp Cloud API as Loket's sender sees it. Records every accepted message in arrival order."""

    def __init__(self, seed, fail_rate, delay_rate):
        self.random = random.Random(seed)
        self.fail_rate = fail_rate
        self.delay_rate = delay_rate
        self.sent = []            # accepted messages: dicts with wamid, to, text, key, at
        self.reads = []           # message ids marked as read
        self.refused = Counter()  # injected failures by kind
        self.unauthorized = 0
        self.unknown = Counter()
        self.media_served = 0
        self.last_activity = now()
        self.counter = 0
        self.port = None
        self.report = None        # coroutine function (wamid, to, reference) that sends the "sent" status webhook
        self.reports = set()

    async def handle(self, method, target, headers, body):
        self.last_activity = now()
        path = target.split("?", 1)[0]
        parts = [p for p in path.split("/") if p]
        if len(parts) == 2 and parts[0] == "media" and method == "GET":
            return self.media_file(parts[1])
        if headers.get("authorization") != f"Bearer {ACCESS_TOKEN}":
            self.unauthorized += 1
            return 401, "application/json", self.error(190, "Invalid OAuth access token.")
        if len(parts) == 3 and parts[0] == GRAPH_VERSION and parts[2] == "messages" and method == "POST":
            if parts[1] != PHONE_NUMBER_ID:
                self.unknown["wrong phone number id"] += 1
                return 400, "application/json", self.error(100, "Unsupported post request.")
            return await self.message(headers, body)
        if len(parts) == 2 and parts[0] == GRAPH_VERSION and method == "GET" and parts[1].isdigit():
            return self.media_url(parts[1])
        self.unknown[f"{method} {path}"] += 1
        return 404, "application/json", self.error(100, "Unknown path")

    @staticmethod
    def error(code, message):
        return json.dumps({"error": {"message": message, "type": "OAuthException", "code": code,
                                     "fbtrace_id": "AbCdEf" + str(code)}}).encode()

    async def message(self, headers, body):
        try:
            payload = json.loads(body)
        except ValueError:
            self.unknown["unreadable body"] += 1
            return 400, "application/json", self.error(100, "Invalid JSON")
        if payload.get("status") == "read":
            self.reads.append(payload.get("message_id"))
            return 200, "application/json", b'{"success":true}'
        roll = self.random.random()
        if roll < self.fail_rate * 0.8:
            self.refused["500"] += 1
            return 500, "application/json", self.error(131000, "Something went wrong")
        if roll < self.fail_rate:
            self.refused["429"] += 1
            return 429, "application/json", self.error(130429, "Rate limit hit")
        if roll < self.fail_rate + self.delay_rate:
            self.refused["late (0.3-2 s)"] += 1
            await asyncio.sleep(self.random.uniform(0.3, 2.0))
        self.counter += 1
        wamid = "wamid." + base64.b64encode(f"HBgNLOKETCLUSTER{self.counter:09d}".encode()).decode()
        to = payload.get("to", "")
        self.sent.append({
            "wamid": wamid, "to": to, "type": payload.get("type"), "text": outbound_text(payload),
            "key": headers.get("idempotency-key") or headers.get("x-idempotency-key"), "at": now(),
        })
        self.last_activity = now()
        if self.report:
            # As the platform does, a status webhook follows each accepted message; it brings back the
            # biz_opaque_callback_data, which tells Loket a reply went out even if its sender died before noting so.
            task = asyncio.ensure_future(self.report(wamid, to, payload.get("biz_opaque_callback_data")))
            self.reports.add(task)
            task.add_done_callback(self.reports.discard)
        answer = {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
                  "messages": [{"id": wamid}]}
        return 200, "application/json", json.dumps(answer).encode()

    def media_url(self, media_id):
        if self.random.random() < self.fail_rate:
            self.refused["media 500"] += 1
            return 500, "application/json", self.error(131016, "Service unavailable")
        image = self.image(media_id)
        answer = {"messaging_product": "whatsapp", "url": f"http://127.0.0.1:{self.port}/media/{media_id}?ext=1",
                  "mime_type": "image/jpeg", "sha256": hashlib.sha256(image).hexdigest(),
                  "file_size": len(image), "id": media_id}
        return 200, "application/json", json.dumps(answer).encode()

    def media_file(self, media_id):
        self.media_served += 1
        return 200, "image/jpeg", self.image(media_id)

    @staticmethod
    def image(media_id):
        return jpeg(1280, 960, (media_id.encode() * 64)[:2048])


def outbound_text(payload):
    kind = payload.get("type")
    if kind == "text":
        return payload.get("text", {}).get("body", "")
    if kind == "interactive":
        return payload.get("interactive", {}).get("body", {}).get("text", "")
    if kind == "template":
        try:
            return payload["template"]["components"][0]["parameters"][0]["text"]
        except (KeyError, IndexError):
            return ""
    return ""


# MARK: - The round-robin proxy


class Proxy:
    """Round robin per request over the instances; a refused connection fails over to the next one, a backend that
    dies mid-request answers 502 (the platform delivers again)."""

    def __init__(self, ports):
        self.ports = ports
        self.next = 0
        self.forwarded = Counter()
        self.failovers = 0
        self.bad_gateway = 0

    async def handle(self, method, target, headers, body):
        start = self.next
        self.next = (self.next + 1) % len(self.ports)
        forward = {k: v for k, v in headers.items()
                   if k not in ("connection", "content-length", "host", "transfer-encoding", "keep-alive")}
        for step in range(len(self.ports)):
            index = (start + step) % len(self.ports)
            port = self.ports[index]
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port, limit=1 << 20), 2)
            except (OSError, asyncio.TimeoutError):
                self.failovers += 1
                continue
            try:
                head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
                head += "".join(f"{k}: {v}\r\n" for k, v in forward.items())
                head += f"X-Forwarded-For: 127.0.0.1\r\nContent-Length: {len(body)}\r\n\r\n"
                writer.write(head.encode() + body)
                await writer.drain()
                first, response_headers, response_body = await asyncio.wait_for(
                    read_message(reader, is_request=False), 60)
                self.forwarded[index] += 1
                return (int(first.split(" ", 2)[1]), response_headers.get("content-type", "application/json"),
                        response_body)
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError):
                # The request may have been handled; only the platform's redelivery can tell.
                self.bad_gateway += 1
                return 502, "application/json", b'{"error":{"code":"bad_gateway","message":"the instance went away"}}'
            finally:
                writer.close()
        self.bad_gateway += 1
        return 502, "application/json", b'{"error":{"code":"bad_gateway","message":"no instance answers"}}'


# MARK: - The Loket instances


class Instance:
    def __init__(self, index, binary, db, port, work, env):
        self.index, self.binary, self.db, self.port, self.work, self.env = index, binary, db, port, work, env
        self.process = None
        self.log_path = os.path.join(work, f"instance-{index + 1}.log")
        self.starts = 0

    def start(self):
        self.starts += 1
        log = open(self.log_path, "ab")
        log.write(f"\n=== start {self.starts} ===\n".encode())
        log.flush()
        self.process = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=self.work, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()

    async def ready(self, timeout=120):
        deadline = now() + timeout
        while now() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"instance {self.index + 1} exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _, _ = await http_request(self.port, "GET", "/readyz", timeout=2)
                if status == 200:
                    return
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
                pass
            await asyncio.sleep(0.1)
        raise RuntimeError(f"instance {self.index + 1} not ready after {timeout} s; see {self.log_path}")

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def crashed(self):
        """Whether the process ended on its own (not by our SIGKILL)."""
        return self.process is not None and self.process.poll() is not None


# MARK: - The citizens and what they write

MONTHS = ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
          "november", "desember"]
FIRST = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Made", "Wayan", "Fitri", "Joko", "Nur", "Andi", "Yuli", "Hendra",
         "Sri", "Ahmad", "Lestari", "Eko", "Ratna", "Bayu", "Putri"]
LAST = ["Rahma", "Santoso", "Wirawan", "Marlina", "Riyadi", "Hidayat", "Saputra", "Anggraini", "Kusuma", "Pratama",
        "Nasution", "Siregar", "Wulandari", "Setiawan", "Halim"]
KINDS = ["reactivate", "activate", "status", "cancel"]


class Citizen:
    def __init__(self, index, rng):
        self.index = index
        self.phone = "62812%08d" % (30000000 + index)
        self.kind = KINDS[index % len(KINDS)]
        female = rng.random() < 0.5
        self.name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        year = rng.randint(1960, 2004)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        self.birth = (year, month, day)
        province = rng.choice(["3171", "3273", "3310", "5171", "3578", "1271", "7371"])
        self.nik = f"{province}{rng.randint(1, 9):02d}{day + (40 if female else 0):02d}{month:02d}{year % 100:02d}{index + 1:04d}"
        self.kk = f"{province}{rng.randint(1, 9):02d}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(5, 20):02d}{index + 1:04d}"
        self.card = f"0003{index:09d}"
        self.status = {"reactivate": "nonaktif", "cancel": "nonaktif", "activate": "menunggu_pembayaran",
                       "status": "aktif"}[self.kind]
        self.arrears = rng.randint(1, 6) if self.status == "nonaktif" else 0

    def csv_row(self):
        year, month, day = self.birth
        reason = "tunggakan" if self.status == "nonaktif" else ""
        inactive = ""
        if self.status == "nonaktif":
            # N months of arrears as of March 2026: inactive since the month after the first unpaid one.
            since = 2026 * 12 + 2 - self.arrears + 1
            inactive = f"{since // 12:04d}-{since % 12 + 1:02d}-01"
        return ",".join([self.nik, self.name, f"{year:04d}-{month:02d}-{day:02d}", self.status, self.card, self.kk,
                         "Puskesmas Kecamatan Menteng", reason, "pbpu", str(1 + self.index % 3), str(self.arrears),
                         "+" + self.phone, inactive])

    def birth_text(self, rng):
        year, month, day = self.birth
        return rng.choice([
            f"{day:02d}-{month:02d}-{year}", f"{day} {MONTHS[month - 1]} {year}", f"{day:02d}/{month:02d}/{year}",
            f"tgl lahir {day} {MONTHS[month - 1]} {year}", f"{day}-{month}-{year % 100:02d}",
        ])

    def scenario(self, kind, rng):
        """One request from start to end, as this citizen would write it: texts and ("image", what) photos."""
        nik, birth = self.nik, self.birth_text(rng)
        hello = rng.choice(["halo min", "assalamualaikum", "permisi kak", "selamat pagi", "p", "min?", "halo 🙏"])
        thanks = rng.choice(["terima kasih", "makasih min 🙏", "ok siap, mksh min", "terima kasih banyak kak",
                             "oke makasih"])
        if kind == "reactivate":
            return [hello, rng.choice(["kartu bpjs sy nonaktif gmn biar aktif lg?",
                                       "halo min kartu bpjs saya nonaktif, gmn biar aktif lagi?",
                                       "kak mau aktifin bpjs yg nonaktif"]),
                    nik, birth, rng.choice(["iya lanjut", "ya", "lanjut kak"]),
                    ("image", "ktp"), ("image", "kk"), ("image", "selfie"), "ya", "cek status", thanks]
        if kind == "activate":
            return [rng.choice(["permisi min, sy kmrn udh daftar bpjs mandiri, skrg mau aktivasi kartunya gmn ya",
                                "mau aktivasi kartu bpjs", "sy mau aktivasi kartu bpjs baru"]),
                    nik, birth, thanks]
        if kind == "status":
            return [hello, rng.choice(["cek status", "cek status bpjs sy min", "bpjs sy masih aktif ga ya?"]),
                    nik, birth, thanks]
        if kind == "cancel":
            return ["kak mau aktifin bpjs yg nonaktif", nik, birth, "ya", ("image", "ktp"), "batal", "menu"]
        return [rng.choice(["menu", "berapa iuran kelas 3?", "gmn cara bayar tunggakan", "p", "halo min",
                            "nomor va sy berapa ya", "batal", "cek status", "terima kasih", "1",
                            "saya mau tanya/konsultasi soal faskes"])]

    def messages(self, count, rng, clock):
        """`count` messages with unique ids and platform timestamps rising from `clock`."""
        texts = []
        first = True
        while len(texts) < count:
            kind = self.kind if first else rng.choice(KINDS + ["chat", "chat"])
            texts += self.scenario(kind, rng)
            first = False
        result = []
        for n, item in enumerate(texts[:count]):
            raw = f"{self.phone}:{n}:{rng.getrandbits(48):012x}".encode()
            message = {"id": "wamid." + base64.b64encode(b"\x15\x02\x00\x12\x18\x14" + raw).decode(),
                       "citizen": self.index, "n": n, "ts": clock + 3 * n}
            if isinstance(item, tuple):
                message["image"] = str(10 ** 14 + self.index * 10000 + n)
                message["caption"] = item[1]
            else:
                message["text"] = item
            result.append(message)
        return result


def status_body(wamid, to, reference):
    """The platform's "sent" status webhook for one of the business's messages, with the biz_opaque_callback_data it
    was sent with."""
    status = {"id": wamid, "status": "sent", "timestamp": str(int(time.time())), "recipient_id": to}
    if reference is not None:
        status["biz_opaque_callback_data"] = reference
    payload = {"object": "whatsapp_business_account", "entry": [{"id": WABA_ID, "changes": [{"value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "628118165165", "phone_number_id": PHONE_NUMBER_ID},
        "statuses": [status]}, "field": "messages"}]}]}
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/").encode()


def webhook_body(citizen, messages):
    """The platform's webhook for one or more messages of one citizen: compact JSON, non-ASCII escaped as \\uXXXX
    and "/" as "\\/", as Meta signs it."""
    items = []
    for m in messages:
        item = {"from": citizen.phone, "id": m["id"], "timestamp": str(m["ts"])}
        if "image" in m:
            item["type"] = "image"
            item["image"] = {"mime_type": "image/jpeg", "sha256": base64.b64encode(hashlib.sha256(m["image"].encode())
                             .digest()).decode(), "id": m["image"]}
        else:
            item["type"] = "text"
            item["text"] = {"body": m["text"]}
        items.append(item)
    payload = {"object": "whatsapp_business_account", "entry": [{"id": WABA_ID, "changes": [{"value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "628118165165", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": citizen.name}, "wa_id": citizen.phone}],
        "messages": items}, "field": "messages"}]}]}
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/").encode()


# MARK: - The run


class Run:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.work = None
        self.instances = []
        self.graph = GraphAPI(args.seed + 1, args.platform_failures, args.platform_delays)
        self.graph.report = self.report_status
        self.proxy = None
        self.servers = []
        # What the platform knows about its deliveries.
        self.first_send = {}      # message id -> when its first delivery started
        self.first_ack = {}       # message id -> when a delivery of it first got 200
        self.webhooks = 0         # webhook deliveries (each retried until 200)
        self.status_reports = 0   # "sent" status webhooks the platform delivered
        self.status_reports_lost = 0
        self.redeliveries = 0
        self.attempts = 0
        self.acks = 0
        self.message_acks = 0     # message deliveries acknowledged (a batched webhook counts each message)
        self.failed_attempts = Counter()
        self.refused = []         # (status, body) of 4xx answers that are not retryable
        self.swapped_pairs = []   # (earlier message, later message) sent later-first
        self.overlapping = 0
        self.batched = 0
        self.later = set()
        self.semaphore = None
        self.kill_done = asyncio.Event()
        self.kill_started = False
        self.chaos = {}
        self.traffic_started = self.traffic_ended = None

    # Setup

    def prepare(self):
        self.work = tempfile.mkdtemp(prefix="loket-cluster.")
        os.symlink(os.path.join(REPO, "config"), os.path.join(self.work, "config"))
        os.makedirs(os.path.join(self.work, "data"))
        citizens = [Citizen(i, self.rng) for i in range(self.args.citizens)]
        with open(os.path.join(self.work, "citizens.csv"), "w") as out:
            out.write("nik,name,birth_date,status,card,kk,faskes,reason,segment,class,arrears_months,phone,"
                      "inactive_since\n")
            for c in citizens:
                out.write(c.csv_row() + "\n")
        self.citizens = citizens
        clock = int(time.time()) - 3 * (self.args.messages // self.args.citizens + 2) - 60
        per, extra = divmod(self.args.messages, self.args.citizens)
        self.plans = [c.messages(per + (1 if c.index < extra else 0), self.rng, clock) for c in citizens]

    def loket(self, *arguments):
        result = subprocess.run([self.args.bin, *arguments], cwd=self.work, env=self.environment(),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"loket {' '.join(arguments[:2])} failed:\n{result.stdout}")
        return result.stdout

    def environment(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
        env.update({
            "LOKET_WHATSAPP_APP_SECRET": APP_SECRET, "LOKET_WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
            "LOKET_WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN, "LOKET_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "LOKET_WHATSAPP_API_BASE": f"http://127.0.0.1:{self.graph.port}/{GRAPH_VERSION}",
            "LOKET_DOCUMENT_KEY": self.document_key,
        })
        if not self.args.limits:
            # Every webhook comes from the proxy's address, and these citizens type far faster than people: the
            # request limits would only turn the run into 429s and retries.
            env.update({"LOKET_ADDRESS_LIMIT_PER_MINUTE": "0", "LOKET_SENDER_LIMIT_PER_MINUTE": "0"})
        return env

    async def start(self):
        self.document_key = base64.b64encode(os.urandom(32)).decode()
        self.graph.port = free_port()
        self.servers.append(await start_server(self.graph.port, self.graph.handle))
        migrated = self.loket("migrate", "--db", self.args.db)
        say(f"migrated once: {len(re.findall(r'^  v', migrated, re.M))} migrations")
        imported = self.loket("directory", "import", "citizens.csv", "--db", self.args.db, "--rejects", "rejects.csv")
        rejects = open(os.path.join(self.work, "rejects.csv")).read().strip().splitlines() \
            if os.path.exists(os.path.join(self.work, "rejects.csv")) else []
        if len(rejects) > 1:
            raise RuntimeError(f"participants rejected by the import:\n{imported}\n" + "\n".join(rejects[:5]))
        ports = [free_port() for _ in range(self.args.instances)]
        self.instances = [Instance(i, self.args.bin, self.args.db, port, self.work, self.environment())
                          for i, port in enumerate(ports)]
        for instance in self.instances:
            instance.start()
        started = now()
        await asyncio.gather(*(instance.ready() for instance in self.instances))
        self.startup = now() - started
        self.proxy = Proxy(ports)
        self.proxy_port = free_port()
        self.servers.append(await start_server(self.proxy_port, self.proxy.handle))
        say(f"{len(self.instances)} instances ready in {self.startup:.1f} s on ports {', '.join(map(str, ports))}, behind "
            f"the proxy on {self.proxy_port}; fake Graph API on {self.graph.port}; work folder {self.work}")

    def stop(self):
        for instance in self.instances:
            if instance.process and instance.process.poll() is None:
                instance.process.terminate()
        for instance in self.instances:
            instance.stop()
        for server in self.servers:
            server.close()

    # Traffic

    async def report_status(self, wamid, to, reference):
        """Delivers a "sent" status webhook until it gets a 200, as the platform does."""
        await asyncio.sleep(self.rng.uniform(0.05, 0.5))
        body = status_body(wamid, to, reference)
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature,
                   "User-Agent": "facebookexternalua"}
        self.status_reports += 1
        for attempt in range(1, 30):
            async with self.semaphore:
                try:
                    status, _, _ = await http_request(self.proxy_port, "POST", "/webhooks/whatsapp", headers, body,
                                                      timeout=60)
                except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
                    status = None
            if status == 200:
                return
            await asyncio.sleep(min(2.0, 0.05 * 2 ** min(attempt, 6)) * self.rng.uniform(0.5, 1.0))
        self.status_reports_lost += 1

    async def deliver(self, citizen, messages):
        """Delivers one webhook until it gets a 200, as the platform does."""
        body = webhook_body(citizen, messages)
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature,
                   "User-Agent": "facebookexternalua"}
        self.webhooks += 1
        started = now()
        for m in messages:
            self.first_send.setdefault(m["id"], started)
        attempt = 0
        while True:
            attempt += 1
            async with self.semaphore:
                self.attempts += 1
                try:
                    status, _, answer = await http_request(self.proxy_port, "POST", "/webhooks/whatsapp", headers, body,
                                                           timeout=60)
                except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
                    status, answer = None, b""
            if status == 200:
                acked = now()
                self.acks += 1
                self.message_acks += len(messages)
                for m in messages:
                    self.first_ack.setdefault(m["id"], acked)
                self.maybe_kill()
                return
            self.failed_attempts[status or "no answer"] += 1
            if status is not None and 400 <= status < 500 and status not in (408, 429) and attempt >= 3:
                self.refused.append((status, answer[:300]))
                return
            await asyncio.sleep(min(2.0, 0.05 * 2 ** min(attempt, 6)) * self.rng.uniform(0.5, 1.0))

    def redeliver_maybe(self, citizen, messages, rng):
        """About one webhook in ten is delivered again: at the same time, right after, or seconds later."""
        if rng.random() >= self.args.duplicates:
            return None
        self.redeliveries += 1
        mode = rng.random()
        if mode < 0.4:
            return "together"
        if mode < 0.7:
            return "after"
        async def later():
            await asyncio.sleep(pause)
            await self.deliver(citizen, messages)
        pause = rng.uniform(0.5, 5.0)
        task = asyncio.ensure_future(later())
        self.later.add(task)
        return "later"

    async def send(self, citizen, messages, rng):
        mode = self.redeliver_maybe(citizen, messages, rng)
        if mode == "together":
            await asyncio.gather(self.deliver(citizen, messages), self.deliver(citizen, messages))
        else:
            await self.deliver(citizen, messages)
            if mode == "after":
                await self.deliver(citizen, messages)

    async def citizen(self, citizen, plan):
        rng = random.Random(self.args.seed * 7919 + citizen.index)
        await asyncio.sleep(rng.uniform(0, 0.5))
        i = 0
        while i < len(plan):
            roll = rng.random()
            if i + 1 < len(plan) and roll < self.args.swaps:
                # The platform sends the later message first; timestamps keep their true order.
                self.swapped_pairs.append((plan[i]["id"], plan[i + 1]["id"]))
                await self.send(citizen, [plan[i + 1]], rng)
                await self.send(citizen, [plan[i]], rng)
                i += 2
            elif i + 1 < len(plan) and roll < self.args.swaps + 0.03:
                # Two deliveries at once (they may reach different instances).
                self.overlapping += 1
                await asyncio.gather(self.send(citizen, [plan[i]], rng), self.send(citizen, [plan[i + 1]], rng))
                i += 2
            elif i + 1 < len(plan) and roll < self.args.swaps + 0.05:
                # Meta batches: two messages in one webhook.
                self.batched += 1
                await self.send(citizen, plan[i:i + 2], rng)
                i += 2
            else:
                await self.send(citizen, [plan[i]], rng)
                i += 1

    def maybe_kill(self):
        if self.kill_started or self.args.no_kill:
            return
        if len(self.first_ack) >= self.args.kill_at * self.args.messages:
            self.kill_started = True
            asyncio.ensure_future(self.kill_and_restart())

    async def kill_and_restart(self):
        victim = self.instances[1 % len(self.instances)]
        at = now() - self.traffic_started
        progress = len(self.first_ack) / self.args.messages
        victim.kill()
        say(f"chaos: SIGKILL instance {victim.index + 1} (pid {victim.process.pid}) at {at:.1f} s, "
            f"{100 * progress:.0f}% of messages accepted")
        try:
            await asyncio.sleep(self.args.restart_after)
            restarted = now()
            victim.start()
            await victim.ready()
            self.chaos = {"instance": victim.index + 1, "at": at, "progress": progress,
                          "down": now() - restarted + self.args.restart_after, "startup": now() - restarted}
            say(f"chaos: instance {victim.index + 1} back on port {victim.port} after {self.chaos['down']:.1f} s "
                f"(start-up {self.chaos['startup']:.1f} s)")
        except RuntimeError as error:
            say(f"chaos: instance {victim.index + 1} did not come back: {error}")
        finally:
            self.kill_done.set()

    async def outbox_state(self):
        """Replies pending, and of them those under a live lease and those whose lease ran out unreleased."""
        line = (await self.psql_async(
            "SELECT count(*), count(*) FILTER (WHERE leased_until > extract(epoch from now())), "
            "count(*) FILTER (WHERE leased_until <= extract(epoch from now())) FROM outbox WHERE status = 'pending'"))[0]
        return tuple(int(x) for x in line.split("|"))

    async def progress(self):
        last = 0
        while True:
            await asyncio.sleep(5)
            accepted = len(self.first_ack)
            elapsed = now() - self.traffic_started
            pending, leased, expired = await self.outbox_state()
            say(f"  {elapsed:6.1f} s: {accepted}/{self.args.messages} messages accepted "
                f"({(accepted - last) / 5:.0f}/s), {len(self.graph.sent)} replies at the platform, {pending} pending "
                f"({leased} leased, {expired} with an expired lease), "
                f"{sum(self.failed_attempts.values())} deliveries retried")
            last = accepted

    async def traffic(self):
        self.semaphore = asyncio.Semaphore(self.args.concurrency)
        self.traffic_started = now()
        reporter = asyncio.ensure_future(self.progress())
        try:
            await asyncio.gather(*(self.citizen(c, plan) for c, plan in zip(self.citizens, self.plans)))
            while self.later:
                done = [t for t in self.later if t.done()]
                for t in done:
                    self.later.discard(t)
                    t.result()
                if self.later:
                    await asyncio.wait(self.later)
            if self.kill_started:
                await self.kill_done.wait()
        finally:
            reporter.cancel()
        self.traffic_ended = max(self.first_ack.values(), default=now())

    # Draining and proofs

    def psql(self, query):
        result = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.args.db, "-c", query],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}\n{query}")
        return [line for line in result.stdout.split("\n") if line]

    async def psql_async(self, query):
        process = await asyncio.create_subprocess_exec(
            "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.args.db, "-c", query,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = await process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"psql failed: {err.decode().strip()}\n{query}")
        return [line for line in out.decode().split("\n") if line]

    def rows(self, query):
        return [json.loads(line) for line in self.psql(f"SELECT row_to_json(r) FROM ({query}) r")]

    async def drain(self):
        """Waits until no reply is pending and the platform has been quiet for two seconds; gives up when nothing
        moved for --drain-timeout seconds (longer than the outbox lease a killed instance leaves behind)."""
        started = now()
        last_move, last_count, last_report = now(), None, 0
        while now() - last_move < self.args.drain_timeout:
            pending, leased, expired = await self.outbox_state()
            quiet = now() - self.graph.last_activity
            if pending == 0 and quiet >= 2 and not self.graph.reports:
                return now() - started
            if pending != last_count:
                last_move, last_count = now(), pending
            if now() - last_report >= 5:
                say(f"  draining: {pending} replies pending ({leased} leased, {expired} with an expired lease), "
                    f"{len(self.graph.sent)} at the platform")
                last_report = now()
            await asyncio.sleep(0.5)
        return None

    def prove(self, drained):
        a = self.args
        violations = []
        sent_ids = {m["id"] for plan in self.plans for m in plan}
        message_of = {m["id"]: m for plan in self.plans for m in plan}
        accepted = set(self.first_ack)
        inbound = self.rows("SELECT id, sender, received_at FROM inbound_messages")
        outbox = self.rows(
            "SELECT sequence, id, recipient, status, platform_id, body->>'inReplyTo' AS in_reply_to, "
            "body->>'lastError' AS last_error, "
            "body->>'channel' AS channel, body->'reply'->>'text' AS text, (body->>'attempts')::int AS attempts "
            "FROM outbox ORDER BY sequence")
        conversations = self.rows(
            "SELECT address, state::text LIKE '%\"lookingUp\"%' AS looking_up, state->'cases' AS cases "
            "FROM conversations")
        cases = self.rows("SELECT id, citizen, state, service, body->'documents' AS documents FROM cases")
        overdue = int(self.psql("SELECT count(*) FROM timers WHERE fire_at < extract(epoch from now()) - 30")[0])

        # (a) every accepted message handled once
        inbound_count = Counter(r["id"] for r in inbound)
        twice_in_table = sum(1 for n in inbound_count.values() if n > 1)
        missing_inbound = sorted(accepted - set(inbound_count))
        unknown_inbound = sorted(set(inbound_count) - sent_ids)
        wrong_sender = sum(1 for r in inbound if r["id"] in message_of and
                           r["sender"] != "+" + self.citizens[message_of[r["id"]]["citizen"]].phone)
        never_accepted = sorted(sent_ids - accepted)
        events_of = defaultdict(set)   # message id -> event sequences whose replies answer it
        for r in outbox:
            if r["in_reply_to"]:
                events_of[r["in_reply_to"]].add(int(r["id"].split("-")[0]))
        # A message event, plus at most one event for the directory's answer; more means handled twice.
        handled_twice = sorted(m for m, events in events_of.items() if len(events) > 2)
        # Every message gets an answer (the bot is silent only while an officer has taken the conversation over,
        # which this traffic never asks for); a message with none was taken in but its content ignored.
        unanswered = [m for m in accepted if m not in events_of]
        duplicates_refused = self.message_acks - len(accepted)
        if missing_inbound: violations.append(f"{len(missing_inbound)} accepted messages missing from the inbound table")
        if twice_in_table: violations.append(f"{twice_in_table} messages in the inbound table twice")
        if unknown_inbound: violations.append(f"{len(unknown_inbound)} inbound rows nobody sent")
        if wrong_sender: violations.append(f"{wrong_sender} inbound rows with the wrong sender")
        if never_accepted: violations.append(f"{len(never_accepted)} messages never acknowledged with a 200")
        if handled_twice: violations.append(f"{len(handled_twice)} messages answered by more than two events "
                                             f"(handled twice), e.g. {handled_twice[:3]}")
        if unanswered: violations.append(f"{len(unanswered)} accepted messages that got no reply at all")
        if self.refused: violations.append(f"{len(self.refused)} webhooks refused: {self.refused[:2]}")

        # (b) every reply sent once
        by_wamid = {s["wamid"]: s for s in self.graph.sent}
        whatsapp = [r for r in outbox if r["channel"] == "whatsapp"]
        other = [r for r in outbox if r["channel"] != "whatsapp"]
        delivered = [r for r in whatsapp if r["status"] == "delivered"]
        pending = [r for r in outbox if r["status"] == "pending"]
        dead = [r for r in outbox if r["status"] == "dead"]
        recorded = Counter(r["platform_id"] for r in delivered if r["platform_id"])
        not_at_platform = [r for r in delivered if r["platform_id"] not in by_wamid]
        reused_wamid = [w for w, n in recorded.items() if n > 1]
        extra = [s for s in self.graph.sent if s["wamid"] not in recorded]
        # Attribute each send Loket does not know about to the outbox entry it repeats (same recipient, same text).
        by_content = defaultdict(list)
        for r in whatsapp:
            by_content[(r["recipient"].lstrip("+"), r["text"])].append(r["id"])
        doubled = Counter()
        for s in extra:
            for entry in by_content.get((s["to"], s["text"]), ["?"])[:1]:
                doubled[entry] += 1
        mismatched = [r["id"] for r in delivered if r["platform_id"] in by_wamid and
                      (by_wamid[r["platform_id"]]["to"] != r["recipient"].lstrip("+") or
                       (r["text"] or "")[:40] not in by_wamid[r["platform_id"]]["text"])]
        keyed = sum(1 for s in self.graph.sent if s["key"])
        missing_replies = len(pending) + len(dead) + len(not_at_platform)
        if extra: violations.append(f"{len(extra)} replies sent twice to the platform: " + ", ".join(
            f"outbox {e} ×{n + 1}" for e, n in list(doubled.items())[:5]))
        if pending: violations.append(f"{len(pending)} replies still pending")
        if dead: violations.append(f"{len(dead)} replies dead-lettered: {dead[0]['id']} ({dead[0]['attempts']} attempts)")
        if not_at_platform: violations.append(f"{len(not_at_platform)} replies marked delivered that the platform never accepted")
        if reused_wamid: violations.append(f"{len(reused_wamid)} platform ids recorded on two outbox entries")
        if mismatched: violations.append(f"{len(mismatched)} replies whose recipient or text differ at the platform, "
                                         f"e.g. {mismatched[:3]}")
        if other: violations.append(f"{len(other)} replies for another channel ({Counter(r['channel'] for r in other)})")

        # (c) order per citizen
        sequence_of = {r["platform_id"]: r["sequence"] for r in delivered if r["platform_id"]}
        outbound_violations = 0
        per_recipient = defaultdict(list)
        for s in self.graph.sent:
            if s["wamid"] in sequence_of:
                per_recipient[s["to"]].append(sequence_of[s["wamid"]])
        for sequences in per_recipient.values():
            outbound_violations += sum(1 for x, y in zip(sequences, sequences[1:]) if y < x)
        # The events of one citizen are serialised: event numbers (taken under the conversation's lock) and outbox
        # positions rise together, and one event's replies sit together in the outbox, numbered 1, 2, ….
        interleaved = 0
        per_citizen_rows = defaultdict(list)
        for r in outbox:
            per_citizen_rows[r["recipient"]].append(r)
        for rows in per_citizen_rows.values():
            keys = [(int(r["id"].split("-")[0]), int(r["id"].split("-")[1])) for r in rows]
            interleaved += sum(1 for x, y in zip(keys, keys[1:]) if not (y == (x[0], x[1] + 1) or (y[0] > x[0] and y[1] == 1)))
        # Messages delivered one after the other (the first acknowledged before the second was sent) are handled in
        # that order: every event answering the first comes before every event answering the second.
        inbound_violations = 0
        checked_pairs = 0
        examples = []
        for plan in self.plans:
            timed = [m for m in plan if m["id"] in events_of and m["id"] in self.first_send]
            for x in timed:
                for y in timed:
                    if x is y or self.first_ack[x["id"]] >= self.first_send[y["id"]]:
                        continue
                    checked_pairs += 1
                    if max(events_of[x["id"]]) >= min(events_of[y["id"]]):
                        inbound_violations += 1
                        if len(examples) < 3:
                            examples.append((x["id"], y["id"]))
        # Swapped pairs: Loket handles in the order of arrival (the platform's timestamp is only recorded).
        swapped_in_arrival_order = sum(1 for early, late in self.swapped_pairs
                                       if early in events_of and late in events_of
                                       and min(events_of[late]) < min(events_of[early]))
        if outbound_violations: violations.append(f"{outbound_violations} replies reached the platform out of outbox order")
        if interleaved: violations.append(f"{interleaved} outbox entries interleaved between events of one citizen")
        if inbound_violations: violations.append(f"{inbound_violations} message pairs handled out of delivery order, "
                                                 f"e.g. {examples}")

        # (d) nothing stuck
        looking_up = [c["address"] for c in conversations if c["looking_up"]]
        case_in_conversation = {}
        for c in conversations:
            for f in c["cases"] or []:
                case_in_conversation[f["id"]] = (c["address"], f["state"])
        collecting = [c for c in cases if c["state"] == "collecting"]
        inconsistent = [c["id"] for c in cases if case_in_conversation.get(c["id"]) != (c["citizen"], c["state"])]
        told = defaultdict(str)
        for r in delivered:
            told[r["recipient"]] += (r["text"] or "") + "\n"
        untold = [c["id"] for c in cases if c["id"] not in told[c["citizen"]]]
        vault = os.path.join(self.work, "data", "vault")
        references = [d.get("reference", "") for c in cases for d in (c["documents"] or {}).values()]
        in_vault = [r for r in references if r.startswith("vault:") and os.path.exists(os.path.join(vault, r[6:]))]
        not_in_vault = len(references) - len(in_vault)
        if looking_up: violations.append(f"{len(looking_up)} conversations left waiting for the directory "
                                         f"(the citizen gets no answer until writing again): {looking_up[:3]}")
        if collecting: violations.append(f"{len(collecting)} cases stored as collecting")
        if inconsistent: violations.append(f"{len(inconsistent)} cases whose state differs from their conversation: {inconsistent[:3]}")
        if untold: violations.append(f"{len(untold)} cases whose ticket never reached the citizen: {untold[:3]}")
        if not_in_vault: violations.append(f"{not_in_vault} case documents not in the shared vault")
        if overdue: violations.append(f"{overdue} timers overdue by more than 30 s")
        if drained is None: violations.append(f"the outbox stopped draining ({a.drain_timeout} s without progress)")
        for instance in self.instances:
            if instance.crashed():
                violations.append(f"instance {instance.index + 1} exited on its own ({instance.process.returncode}); "
                                  f"see {instance.log_path}")

        # Report
        duration = self.traffic_ended - self.traffic_started
        rate = len(accepted) / duration if duration > 0 else 0
        say("")
        say(f"== Loket cluster: {len(self.instances)} × {a.bin}, PostgreSQL, {a.citizens} citizens")
        say(f"webhooks: {self.webhooks} for {len(sent_ids)} messages ({self.redeliveries} delivered twice, "
            f"{len(self.swapped_pairs)} pairs sent out of order, {self.overlapping} pairs at once, {self.batched} batched); "
            f"{self.attempts} attempts, retried: {dict(self.failed_attempts)}; {self.status_reports} 'sent' status "
            f"webhooks" + (f", {self.status_reports_lost} never accepted" if self.status_reports_lost else ""))
        if self.chaos:
            say(f"chaos: instance {self.chaos['instance']} SIGKILLed at {self.chaos['at']:.1f} s "
                f"({100 * self.chaos['progress']:.0f}% accepted), back after {self.chaos['down']:.1f} s; "
                f"proxy: {dict(sorted(self.proxy.forwarded.items()))} per instance, {self.proxy.failovers} failovers, "
                f"{self.proxy.bad_gateway} answered 502")
        say(f"accepted: {len(accepted)} messages; inbound table {len(inbound)} rows, twice {twice_in_table}, "
            f"missing {len(missing_inbound)}; handled twice {len(handled_twice)}; unanswered {len(unanswered)}")
        say(f"duplicates refused: {duplicates_refused} repeat deliveries acknowledged and not handled again")
        say(f"replies: {len(outbox)} in the outbox, {len(delivered)} delivered, sent to the platform {len(self.graph.sent)}; "
            f"duplicates sent {len(extra)}; missing {missing_replies} (pending {len(pending)}, dead {len(dead)}, "
            f"never at the platform {len(not_at_platform)}); marked read {len(self.graph.reads)}; "
            f"with an idempotency key {keyed}; platform faults injected {dict(self.graph.refused)}")
        say(f"order violations: {inbound_violations + outbound_violations + interleaved} (inbound {inbound_violations} "
            f"of {checked_pairs} ordered pairs, outbound {outbound_violations}, interleaved {interleaved}); "
            f"out-of-order pairs handled in arrival order {swapped_in_arrival_order} of {len(self.swapped_pairs)}")
        say(f"stuck: replies pending {len(pending)}, dead {len(dead)}, conversations waiting for the directory "
            f"{len(looking_up)}, cases {len(cases)} ({dict(Counter(c['state'] for c in cases))}), collecting "
            f"{len(collecting)}, inconsistent {len(inconsistent)}, ticket untold {len(untold)}, documents in the "
            f"shared vault {len(in_vault)}/{len(references)}, timers overdue {overdue}")
        say(f"throughput: {rate:.0f} messages/s accepted ({self.acks / duration:.0f} webhooks/s acknowledged) over "
            f"{duration:.1f} s; outbox drained {drained:.1f} s after the last message" if drained is not None else
            f"throughput: {rate:.0f} messages/s accepted over {duration:.1f} s; outbox not drained")
        if self.graph.unauthorized or self.graph.unknown:
            say(f"platform: {self.graph.unauthorized} unauthorized, unknown requests {dict(self.graph.unknown)}")
        if unanswered:
            say("messages that got no reply:")
            for m in sorted(unanswered)[:8]:
                say("  " + self.describe(message_of[m]))
        if extra:
            times = sorted(s["at"] - self.traffic_started for s in extra)
            say(f"duplicate sends: {len(extra)} between {times[0]:.0f} s and {times[-1]:.0f} s after the traffic "
                f"started (median {times[len(times) // 2]:.0f} s)" + (
                    f"; the SIGKILL was at {self.chaos['at']:.0f} s and the instance was back at "
                    f"{self.chaos['at'] + self.chaos['down']:.0f} s" if self.chaos else ""))
            row_of = {r["id"]: r for r in outbox}
            for entry in list(doubled)[:3]:
                row = row_of.get(entry, {})
                sends = [f"{x['at'] - self.traffic_started:.1f} s" for x in self.graph.sent
                         if (x["to"], x["text"]) == (row.get("recipient", "").lstrip("+"), row.get("text"))]
                say(f"  outbox {entry}: {row.get('attempts')} failed attempts (last: {row.get('last_error')}), "
                    f"at the platform at {', '.join(sends)}")
        if violations:
            say("FAIL:")
            for v in violations:
                say("  - " + v)
            say(f"(logs and data kept in {self.work})")
        else:
            say("PASS: every accepted message handled once, every reply sent once, order kept, nothing stuck")
        return not violations

    def describe(self, message):
        """A message, the one before it from the same citizen, and how their deliveries overlapped."""
        plan = self.plans[message["citizen"]]
        text = message.get("text", "[image]")
        line = f"citizen {message['citizen']} #{message['n']} {text!r}"
        if message["n"] > 0:
            before = plan[message["n"] - 1]
            overlap = self.first_send[message["id"]] < self.first_ack.get(before["id"], 0) and \
                self.first_send[before["id"]] < self.first_ack.get(message["id"], 0)
            line += f", after #{before['n']} {before.get('text', '[image]')!r}"
            line += " delivered at the same time" if overlap else " (delivered before it)"
        return line


async def main(args):
    run = Run(args)
    run.prepare()
    say(f"cluster: {args.messages} messages from {args.citizens} citizens through {args.instances} × {args.bin}")
    ok = False
    try:
        await run.start()
        await run.traffic()
        say(f"all {len(run.first_ack)} messages accepted in {run.traffic_ended - run.traffic_started:.1f} s; "
            f"draining the outbox")
        drained = await run.drain()
        ok = run.prove(drained)
    finally:
        run.stop()
        if ok and not args.keep:
            shutil.rmtree(run.work, ignore_errors=True)
    return 0 if ok else 1


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.environ.get("LOKET_BIN", os.path.join(REPO, ".build/release/loket")))
    parser.add_argument("--db", default=os.environ.get("LOKET_TEST_POSTGRES_URL"),
                        help="an empty PostgreSQL database (default: LOKET_TEST_POSTGRES_URL)")
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--citizens", type=int, default=500)
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=48, help="webhook deliveries in flight")
    parser.add_argument("--duplicates", type=float, default=0.10, help="share of webhooks delivered twice")
    parser.add_argument("--swaps", type=float, default=0.04, help="share of adjacent pairs sent out of order")
    parser.add_argument("--platform-failures", type=float, default=0.02, help="share of sends answered 500/429")
    parser.add_argument("--platform-delays", type=float, default=0.01, help="share of sends answered late")
    parser.add_argument("--kill-at", type=float, default=0.4, help="share of messages accepted before the SIGKILL")
    parser.add_argument("--restart-after", type=float, default=2.0)
    parser.add_argument("--no-kill", action="store_true")
    parser.add_argument("--drain-timeout", type=float, default=150,
                        help="give up draining when the outbox has not moved for this long")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("LOKET_CLUSTER_SEED", "20260302")))
    parser.add_argument("--limits", action="store_true",
                        help="keep Loket's request limits per address and per citizen (off by default)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, vault) after a pass")
    args = parser.parse_args()
    if not args.db:
        parser.error("no database: pass --db or run under scripts/with-postgres.sh")
    if not os.access(args.bin, os.X_OK):
        parser.error(f"no loket binary at {args.bin}")
    if args.messages < args.citizens:
        parser.error("need at least one message per citizen")
    args.bin = os.path.abspath(args.bin)
    return args


if __name__ == "__main__":
    options = arguments()
    try:
        sys.exit(asyncio.run(main(options)))
    except RuntimeError as error:
        print(f"cluster: {error}", file=sys.stderr)
        sys.exit(2)
