#!/usr/bin/env python3
"""Browser test of the officer console, end to end against a real `loket serve`.

A citizen writes through the web chat API until a reactivation case is queued (the first message carries
hostile HTML); officer sari signs in with headless Chromium, filters the queue, opens the case, checks that
the hostile text is inert, claims, views the KTP photo, returns the case for a blurry KTP; the citizen sends a
new KTP; sari claims again and approves. Along the way: a form without its CSRF token is refused (403,
`forbidden`), and officer budi, holding a page loaded before sari's claim, cannot approve sari's case.

Needs only the standard library and Selenium 4; Chromium and chromedriver are used from fixed paths (no
Selenium Manager, no network). Run from anywhere: python3 tests/browser/console_test.py
Environment: LOKET_BIN (default .build/debug/loket under the repository root), CHROMIUM (/usr/bin/chromium),
CHROMEDRIVER (/usr/bin/chromedriver).
"""

import base64
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import zlib
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

REPO = Path(__file__).resolve().parents[2]
LOKET_BIN = Path(os.environ.get("LOKET_BIN", str(REPO / ".build" / "debug" / "loket")))
if not LOKET_BIN.is_absolute():
    LOKET_BIN = REPO / LOKET_BIN
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")

PASSWORD = "kata-sandi-uji-" + secrets.token_hex(6)  # 12+ characters
NIK, BIRTH_DATE = "6472020904750001", "09-04-1975"
HOSTILE = "halo <script>window.__pwned=1</script><b>tebal</b>"
TICKET_RE = re.compile(r"LKT-\d+(?:-\d+)*")
STARTED = time.monotonic()


class Failure(Exception):
    pass


SCREENSHOTS = os.environ.get("LOKET_BROWSER_SCREENSHOTS")  # a folder: save a screenshot after each browser step


def shot(driver, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1366, max(900, min(height, 4000)))
        driver.save_screenshot(str(Path(SCREENSHOTS) / f"{name}.png"))
        driver.set_window_size(1366, 900)


def ok(step):
    print(f"ok: {step}  ({time.monotonic() - STARTED:.1f}s)", flush=True)


def check(condition, message):
    if not condition:
        raise Failure(message)


def wait_for(predicate, what, timeout=15.0, interval=0.1):
    """Polls `predicate` until it returns a truthy value (returned) or the deadline passes (Failure)."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except (StaleElementReferenceException, WebDriverException, urllib.error.URLError, ConnectionError) as error:
            last_error = error
        if time.monotonic() >= deadline:
            detail = f" (last error: {type(last_error).__name__}: {str(last_error).splitlines()[0] if str(last_error) else ''})" if last_error else ""
            raise Failure(f"timed out after {timeout:.0f}s waiting for {what}{detail}")
        time.sleep(interval)


# MARK: - Test data


@functools.lru_cache(maxsize=None)
def png(width, height, seed):
    """A real RGB PNG with a pattern that differs per seed."""
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            row += bytes(((x + seed * 40) & 0xFF, (y * 2 + seed * 17) & 0xFF, ((x ^ y) + seed * 90) & 0xFF))
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b"")


# MARK: - The server


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_binary():
    # Another build may be replacing the binary; give it a moment to reappear.
    wait_for(lambda: LOKET_BIN.is_file() and os.access(LOKET_BIN, os.X_OK), f"the loket binary at {LOKET_BIN}", timeout=30, interval=0.5)


def add_user(workdir, name, role):
    wait_for_binary()
    result = subprocess.run([str(LOKET_BIN), "officer", "users", "add", name, "--role", role], cwd=workdir,
                            input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    check(result.returncode == 0, f"`loket officer users add {name}` failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def http_post_json(url, body, timeout=15):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        raise Failure(f"POST {url} answered {error.code}: {error.read()[:300]!r}")


# MARK: - The citizen (web chat API)


class Citizen:
    def __init__(self, base):
        self.base = base
        self.session = "browser-test-" + secrets.token_hex(8)
        self.seen = 0
        self.replies = []

    def fetch(self):
        _, body = http_get(f"{self.base}/chat/api/messages?session={self.session}&after={self.seen}")
        items = json.loads(body)["replies"]
        for item in items:
            self.replies.append(item)
            self.seen = max(self.seen, item["index"])
        return items

    def mark(self):
        self.fetch()
        return len(self.replies)

    def wait_reply(self, pattern, since, what, timeout=15):
        """The first reply after position `since` whose text matches `pattern`."""
        regex = re.compile(pattern, re.S)

        def found():
            self.fetch()
            for item in self.replies[since:]:
                if regex.search(item["text"]):
                    return item
            return None

        try:
            return wait_for(found, what, timeout=timeout)
        except Failure as error:
            later = [r["text"][:160] for r in self.replies[since:]]
            raise Failure(f"{error}; the citizen got instead: {later!r}")

    def say(self, text, expect, what):
        since = self.mark()
        http_post_json(f"{self.base}/chat/api/messages", {"session": self.session, "text": text})
        return self.wait_reply(expect, since, what)

    def photo(self, name, seed, expect, what):
        since = self.mark()
        data = base64.b64encode(png(800, 500, seed)).decode()
        http_post_json(f"{self.base}/chat/api/messages", {"session": self.session, "photo": {"name": name, "type": "image/png", "data": data}})
        return self.wait_reply(expect, since, what)


# MARK: - The officer (browser)


def new_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,900", "--disable-dev-shm-usage",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--lang=id"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


class Officer:
    def __init__(self, driver, base, name):
        self.driver, self.base, self.name = driver, base, name

    def submit(self, button, what, until):
        """Clicks a submit button and waits for the next page (the old one gone, then `until`)."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        button.click()

        def gone():
            try:
                old.tag_name
                return False
            except StaleElementReferenceException:
                return True

        wait_for(gone, f"the page after {what}")
        wait_for(lambda: self.driver.execute_script("return document.readyState") == "complete" and until(), f"the result of {what}")

    def notice(self):
        boxes = self.driver.find_elements(By.CSS_SELECTOR, "main .flash-notice[role=status]")
        return boxes[0].text.strip() if boxes else None

    def error_box(self):
        boxes = self.driver.find_elements(By.CSS_SELECTOR, "main .flash-error[role=alert]")
        return boxes[0].text.strip() if boxes else None

    def sign_in(self):
        d = self.driver
        d.get(f"{self.base}/officer/signin")
        d.find_element(By.ID, "signin-name").send_keys(self.name)
        d.find_element(By.ID, "signin-password").send_keys(PASSWORD)
        self.submit(d.find_element(By.CSS_SELECTOR, "form[action='/officer/signin'] button[type=submit]"), f"signing in as {self.name}",
                    lambda: d.current_url.split("?")[0].endswith("/officer/queue"))
        name = d.find_element(By.CSS_SELECTOR, ".topbar .officer-name").text.strip()
        check(name == self.name, f"the header shows officer {name!r}, expected {self.name!r}")

    def open_case(self, ticket):
        self.driver.get(f"{self.base}/officer/cases/{ticket}")
        wait_for(lambda: self.driver.find_elements(By.CSS_SELECTOR, ".case-head .ticket-id"), f"the case page of {ticket}")
        shown = self.driver.find_element(By.CSS_SELECTOR, ".case-head .ticket-id").text.strip()
        check(shown == ticket, f"the case page shows ticket {shown!r}, expected {ticket!r}")

    def case_state(self):
        classes = self.driver.find_element(By.CSS_SELECTOR, ".case-service .state").get_attribute("class").split()
        return next((c[len("state-"):] for c in classes if c.startswith("state-")), None)

    def claimed_by(self):
        for block in self.driver.find_elements(By.CSS_SELECTOR, ".case-meta > div"):
            label = block.find_element(By.TAG_NAME, "dt").text.strip()
            if label in ("Diklaim oleh", "Claimed by"):
                return block.find_element(By.TAG_NAME, "dd").text.strip()
        raise Failure("the case page has no 'claimed by' field")

    def claim(self, ticket):
        d = self.driver
        button = d.find_element(By.XPATH, "//div[@class='case-claim']//form[input[@name='action' and @value='claim']]//button")
        self.submit(button, "claim", lambda: "done=claim" in d.current_url and self.notice())
        check("diklaim" in self.notice().lower(), f"the claim notice reads {self.notice()!r}")
        check(self.case_state() == "claimed", f"after the claim the state is {self.case_state()!r}")
        check(self.claimed_by() == self.name, f"after the claim it is claimed by {self.claimed_by()!r}")

    def document_status(self):
        """The HTTP status of the last document navigation to the current URL, from Chromium's performance log."""
        url = self.driver.current_url
        status = None
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.responseReceived":
                params = message["params"]
                if params.get("type") == "Document" and params["response"]["url"] == url:
                    status = params["response"]["status"]
        return status


# MARK: - The run


def main():
    workdir = Path(tempfile.mkdtemp(prefix="loket-browser-"))
    server = None
    log = None
    drivers = []
    try:
        for path, variable in ((CHROMIUM, "CHROMIUM"), (CHROMEDRIVER, "CHROMEDRIVER")):
            check(os.path.isfile(path) and os.access(path, os.X_OK), f"{path} is missing or not executable; set {variable} to its path")
        (workdir / "config").symlink_to(REPO / "config")
        add_user(workdir, "sari", "officer")  # creates the database before the server opens it
        ok("user sari added")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        wait_for_binary()
        log = open(workdir / "serve.log", "wb")
        server = subprocess.Popen([str(LOKET_BIN), "serve", "--port", str(port)], cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL)
        add_user(workdir, "budi", "officer")  # while the server starts (SQLite in WAL mode)
        ok("user budi added while the server starts")

        def healthy():
            if server.poll() is not None:
                raise Failure(f"loket serve exited with {server.returncode} before it was healthy")
            try:
                status, _ = http_get(f"{base}/healthz", timeout=2)
                return status == 200
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                return False

        wait_for(healthy, "/healthz", timeout=60, interval=0.2)
        ok(f"server healthy on port {port}")

        # The citizen, through the web chat, up to a queued case.
        citizen = Citizen(base)
        citizen.say(HOSTILE, r".", "a reply to the hostile greeting")
        citizen.say("kartu bpjs sy sdh lama nonaktif, masih bisa diaktifkan lg kah?", r"\*NIK\*", "the question for the NIK")
        citizen.say(NIK, r"tanggal lahir", "the question for the birth date")
        citizen.say(BIRTH_DATE, r"Rp2\.500\.000", "the amount due")
        citizen.say("ya lanjut", r"foto KTP", "the request for the KTP photo")
        citizen.photo("ktp.png", 1, r"Kartu Keluarga", "the request for the KK photo")
        citizen.photo("kk.png", 2, r"swafoto", "the request for the selfie")
        citizen.photo("selfie.png", 3, r"ringkasan", "the summary")
        submitted = citizen.say("ya kirim", TICKET_RE.pattern, "the ticket number")
        ticket = TICKET_RE.search(submitted["text"]).group(0)
        ok(f"citizen queued case {ticket} through the web chat")

        # Sari signs in and finds the case through the queue filter.
        sari = Officer(new_browser(), base, "sari")
        drivers.append(sari.driver)
        sari.sign_in()
        ok("signed in as sari")
        d = sari.driver
        Select(d.find_element(By.ID, "filter-service")).select_by_value("reactivate")
        sari.submit(d.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"), "filtering the queue",
                    lambda: "/officer/queue" in d.current_url)
        check("service=reactivate" in d.current_url, f"the queue URL after filtering is {d.current_url}")
        check(Select(d.find_element(By.ID, "filter-service")).first_selected_option.get_attribute("value") == "reactivate",
              "the service filter does not stay selected after filtering")
        links = d.find_elements(By.CSS_SELECTOR, f"table.queue a[href='/officer/cases/{ticket}']")
        check(links and links[0].text.strip() == ticket, f"ticket {ticket} is not listed in the filtered queue")
        shot(d, "01-queue-filtered")
        ok("queue filtered by service=reactivate lists the ticket")

        sari.submit(links[0], "opening the case", lambda: d.current_url.endswith(f"/officer/cases/{ticket}"))
        check(sari.case_state() == "queued", f"the new case is {sari.case_state()!r}, expected queued")
        ok("case page opened from the queue")

        # The hostile greeting is shown as text, never run or rendered as markup.
        check(d.execute_script("return window.__pwned") is None, "window.__pwned is set: the citizen's <script> ran")
        bold = [b for b in d.find_elements(By.CSS_SELECTOR, "ol.conversation b") if b.text.strip() == "tebal"]
        check(not bold, "the conversation contains a real <b>tebal</b> element")
        texts = [p.text for p in d.find_elements(By.CSS_SELECTOR, "ol.conversation li.from-citizen .bubble-text")]
        check(any("<script>window.__pwned=1</script><b>tebal</b>" in t for t in texts),
              f"the hostile greeting is not shown literally in the conversation: {texts[:3]!r}")
        check("&lt;script&gt;" in d.page_source, "the page source does not contain the escaped &lt;script&gt;")
        planted = d.execute_script("return Array.from(document.scripts).filter(s => s.text.includes('__pwned')).length")
        check(planted == 0, "the citizen's <script> is a real script element on the case page")
        ok("hostile HTML is shown inert")

        sari.claim(ticket)
        shot(d, "02-case-claimed")
        ok("claimed by sari")

        # The KTP photo: shown on the page and served as an image when its link is followed.
        image = d.find_element(By.CSS_SELECTOR, f"a.document-image[href='/officer/cases/{ticket}/documents/ktp'] img")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)
        width = wait_for(lambda: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image),
                         "the KTP image on the case page to load")
        check(width == 800, f"the KTP image is {width}px wide, expected 800")
        check(not d.find_elements(By.CSS_SELECTOR, ".document-problem"), "a document is flagged with a problem")
        case_window = d.current_window_handle
        before = set(d.window_handles)
        d.find_element(By.CSS_SELECTOR, f"a.document-image[href='/officer/cases/{ticket}/documents/ktp']").click()
        new_window = wait_for(lambda: (set(d.window_handles) - before) and (set(d.window_handles) - before).pop(), "the document tab")
        d.switch_to.window(new_window)
        wait_for(lambda: d.current_url.endswith(f"/officer/cases/{ticket}/documents/ktp") and d.execute_script("return document.readyState") == "complete",
                 "the document to open")
        content_type = d.execute_script("return document.contentType")
        check(content_type == "image/png", f"the document is served as {content_type!r}, expected image/png")
        shown = wait_for(lambda: d.execute_script("var i = document.querySelector('img'); return i && i.complete && i.naturalWidth"),
                         "the image in the document tab")
        check(shown == 800, f"the opened document is {shown}px wide, expected 800")
        d.close()
        d.switch_to.window(case_window)
        fetched = d.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], {credentials: 'same-origin'})
              .then(r => r.blob().then(b => done({status: r.status, type: r.headers.get('content-type'), size: b.size})))
              .catch(e => done({error: String(e)}));""", f"/officer/cases/{ticket}/documents/ktp")
        check(fetched.get("status") == 200 and fetched.get("type") == "image/png" and fetched.get("size", 0) > 0,
              f"GET of the KTP document in the browser answered {fetched!r}")
        ok("KTP document opens as an image")

        # Reject: blurry KTP.
        Select(d.find_element(By.ID, "reject-reason")).select_by_value("blurry")
        Select(d.find_element(By.ID, "reject-document")).select_by_value("ktp")
        since = citizen.mark()
        sari.submit(d.find_element(By.CSS_SELECTOR, "form.decision-reject button[type=submit]"), "reject",
                    lambda: "done=reject" in d.current_url and sari.notice())
        check("dikembalikan" in sari.notice(), f"the reject notice reads {sari.notice()!r}")
        check(sari.case_state() == "needs_info", f"after the rejection the state is {sari.case_state()!r}")
        shot(d, "03-case-rejected")
        ok(f"rejected (blurry, ktp) with notice: {sari.notice()!r}")

        rejection = citizen.wait_reply(r"KTP", since, "the rejection in the web chat")
        check(ticket in rejection["text"], f"the rejection does not mention the ticket {ticket}: {rejection['text']!r}")
        check(re.search(r"kurang jelas", rejection["text"]), f"the rejection does not say the KTP is blurry: {rejection['text']!r}")
        ok("citizen got the rejection (ticket, KTP)")

        back = citizen.photo("ktp-baru.png", 4, r"kembali ke antrean", "the confirmation that the case is back in the queue")
        check(ticket in back["text"], f"the confirmation does not mention the ticket: {back['text']!r}")
        ok("citizen sent a new KTP; case back in the queue")

        # Budi loads the case while it is queued, so his page still offers the decision forms.
        budi = Officer(new_browser(), base, "budi")
        drivers.append(budi.driver)
        budi.sign_in()
        budi.open_case(ticket)
        check(budi.case_state() == "queued", f"budi sees the case as {budi.case_state()!r}, expected queued")
        ok("signed in as budi and opened the queued case")

        d.get(f"{base}/officer/queue?service=reactivate&state=queued")
        links = wait_for(lambda: d.find_elements(By.CSS_SELECTOR, f"table.queue a[href='/officer/cases/{ticket}']"),
                         f"{ticket} among the queued cases")
        sari.submit(links[0], "opening the case again", lambda: d.current_url.endswith(f"/officer/cases/{ticket}"))
        check(sari.case_state() == "queued", f"sari sees the case as {sari.case_state()!r}, expected queued")
        sari.claim(ticket)
        digest = d.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest('SHA-256', b))
              .then(h => done(Array.from(new Uint8Array(h)).map(x => x.toString(16).padStart(2, '0')).join('')))
              .catch(e => done('error: ' + e));""", f"/officer/cases/{ticket}/documents/ktp")
        check(digest == hashlib.sha256(png(800, 500, 4)).hexdigest(), f"the case does not show the resent KTP (document digest {digest})")
        ok("case listed as queued again; claimed again by sari; it shows the resent KTP")

        # Budi's approve, from his stale page, must be refused.
        b = budi.driver
        since = citizen.mark()
        budi.submit(b.find_element(By.CSS_SELECTOR, "form.decision-approve button[type=submit]"), "budi's approve",
                    lambda: budi.error_box() or budi.notice())
        check(budi.notice() is None, f"budi's approve was accepted: {budi.notice()!r}")
        refusal = budi.error_box()
        shot(b, "04-budi-refused")
        status = budi.document_status()
        check(status == 409, f"budi's approve answered HTTP {status}, expected 409")
        check(budi.case_state() == "claimed" and budi.claimed_by() == "sari",
              f"after budi's attempt the case is {budi.case_state()!r} claimed by {budi.claimed_by()!r}")
        budi.open_case(ticket)
        check(budi.case_state() == "claimed" and budi.claimed_by() == "sari", "the case changed after budi's refused approve")
        check(not b.find_elements(By.CSS_SELECTOR, "form.decision-approve"), "budi is offered the approve form on sari's case")
        shot(b, "05-budi-reloaded")
        ok(f"budi cannot approve sari's case (409, {refusal!r})")

        # A form without its CSRF token is refused.
        sari.open_case(ticket)
        d.execute_script("document.querySelector('form.decision-approve input[name=csrf]').remove()")
        check(not d.find_elements(By.CSS_SELECTOR, "form.decision-approve input[name=csrf]"), "the csrf input is still there")
        sari.submit(d.find_element(By.CSS_SELECTOR, "form.decision-approve button[type=submit]"), "approve without csrf",
                    lambda: d.find_element(By.TAG_NAME, "body").text.strip())
        status = sari.document_status()
        shot(d, "06-no-csrf")
        body = d.find_element(By.TAG_NAME, "body").text.strip()
        check(status == 403, f"the approve without csrf answered HTTP {status}, expected 403 (body {body[:200]!r})")
        pre = d.find_elements(By.TAG_NAME, "pre")  # Chromium shows a JSON body as text in a <pre>
        shown = pre[0].text if pre else body
        try:
            code = json.loads(shown[shown.index("{"):shown.rindex("}") + 1])["error"]["code"]
        except (ValueError, KeyError, TypeError):
            raise Failure(f"the 403 page is not the JSON error: {body[:200]!r}")
        check(code == "forbidden", f"the error code is {code!r}, expected forbidden")
        sari.open_case(ticket)
        check(sari.case_state() == "claimed" and sari.claimed_by() == "sari", "the case changed after the approve without csrf")
        ok("approve without csrf refused (403 forbidden), case unchanged")
        check(not any("88888" in r["text"] for r in citizen.replies[since:]), "the citizen got an approval before sari approved")

        # Sari approves.
        since = citizen.mark()
        sari.submit(d.find_element(By.CSS_SELECTOR, "form.decision-approve button[type=submit]"), "approve",
                    lambda: "done=approve" in d.current_url and sari.notice())
        check("disetujui" in sari.notice(), f"the approve notice reads {sari.notice()!r}")
        check(sari.case_state() == "awaiting_payment", f"after the approval the state is {sari.case_state()!r}")
        shot(d, "07-case-approved")
        ok(f"approved with notice: {sari.notice()!r}")

        approval = citizen.wait_reply(r"88888\d+", since, "the virtual account in the web chat")
        va = re.search(r"88888\d+", approval["text"]).group(0)
        check("Rp2.500.000" in approval["text"], f"the approval does not state Rp2.500.000: {approval['text']!r}")
        ok(f"citizen got the approval (VA {va}, Rp2.500.000)")

        return 0
    except Failure as failure:
        report_failure(f"FAIL: {failure}", drivers, workdir if log is not None else None)
        return 1
    except Exception as error:  # a broken setup (no Chromium, no chromedriver…) or a bug in this script
        report_failure(f"FAIL: unexpected {type(error).__name__}: {error}\n{traceback.format_exc()}", drivers,
                       workdir if log is not None else None)
        return 1
    finally:
        cleanup(drivers, server, log, workdir)


def report_failure(message, drivers, workdir):
    """What went wrong, where each browser stood, and the end of the server log."""
    try:
        print(message, file=sys.stderr, flush=True)
        for driver in drivers:
            try:
                print(f"  browser at {driver.current_url}: {driver.find_element(By.TAG_NAME, 'body').text[:600]!r}", file=sys.stderr)
            except WebDriverException:
                pass
        if workdir is not None:
            tail = (workdir / "serve.log").read_bytes()[-3000:].decode(errors="replace")
            print("  last lines of the server log:\n" + "\n".join("    " + line for line in tail.splitlines()[-25:]), file=sys.stderr)
    except OSError:
        pass


def cleanup(drivers, server, log, workdir):
    """Quits the browsers, stops the server and removes the temporary folder, whatever fails on the way."""
    try:
        for driver in drivers:
            try:
                driver.quit()
            except Exception:
                pass
        if server is not None and server.poll() is None:
            stopping = time.monotonic()
            server.terminate()
            try:
                server.wait(timeout=30)
                note = f"ok: server stopped ({time.monotonic() - stopping:.1f}s after SIGTERM)"
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
                note = "note: the server did not stop within 30s of SIGTERM and was killed"
            try:
                print(note, flush=True)
            except OSError:
                pass
    finally:
        try:
            if server is not None and server.poll() is None:
                server.kill()
                server.wait(timeout=10)
        finally:
            if log is not None:
                log.close()
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    code = main()
    if code == 0:
        print(f"PASS: officer console browser test in {time.monotonic() - STARTED:.1f}s", flush=True)
    sys.exit(code)
