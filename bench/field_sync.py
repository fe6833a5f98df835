#!/usr/bin/env python3
"""Field-mode measurements (not a test), run by bench/field.sh against a running server.

1. Bytes a phone downloads: the app shell once, and the pack for a facilitator with 10 KSMs of
   30 members, as sent on the wire (gzip) and decoded.
2. Twenty sheets filled offline through the field page in headless Chromium, then sent over a
   connection throttled with DevTools (400 kbit/s each way, 300 ms latency): the time from
   pressing "Kirim sekarang" until nothing waits.

Usage: field_sync.py BASE_URL USER PASSWORD
"""
import datetime
import sys
import time

import requests
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

base, user, password = sys.argv[1:4]


def wire_and_decoded(session, path):
    r = session.get(base + path, stream=True, headers={"Accept-Encoding": "gzip"})
    wire = len(r.raw.read(decode_content=False))
    decoded = len(session.get(base + path).content)
    return wire, decoded, r.headers.get("Content-Encoding", "identity")


s = requests.Session()
s.post(base + "/login", data={"username": user, "password": password, "next": "/field"}, allow_redirects=False)
print("## Bytes a phone downloads")
print("| what | on the wire | decoded | encoding |")
print("|---|---:|---:|---|")
shell = ["/field", "/static/field.js", "/sw.js", "/static/app.css", "/manifest.webmanifest", "/static/icon-192.png", "/static/icon-512.png"]
total = 0
for path in shell:
    w, d, enc = wire_and_decoded(s, path)
    total += w
    print(f"| {path} | {w:,} | {d:,} | {enc} |")
print(f"| app shell, once | {total:,} | | |")
w, d, enc = wire_and_decoded(s, "/field/pack")
print(f"| /field/pack (10 KSM x 30 members) | {w:,} | {d:,} | {enc} |")
pack = s.get(base + "/field/pack").json()

o = webdriver.ChromeOptions()
o.binary_location = "/usr/bin/chromium"
for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=360,740", "--lang=id"]:
    o.add_argument(a)
d = webdriver.Chrome(service=webdriver.ChromeService("/usr/bin/chromedriver"), options=o)
d.set_window_size(360, 740)


def wait(css, text, seconds=600, exact=False):
    end = time.time() + seconds
    while time.time() < end:
        try:
            els = d.find_elements(By.CSS_SELECTOR, css)
            if els and (els[0].text == text if exact else text in els[0].text):
                return
        except StaleElementReferenceException:
            pass  # redrawn between finding and reading: look again
        time.sleep(0.05)
    raise SystemExit(f"{css} never said {text!r}")


d.get(base + "/login?next=/field")
d.find_element(By.ID, "username").send_keys(user)
d.find_element(By.ID, "password").send_keys(password)
d.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
wait("#prepare", "Siapkan")
d.find_element(By.ID, "prepare").click()
wait("#note", "Siap")
d.execute_cdp_cmd("Network.enable", {})
d.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
today = datetime.date.today()
n = 0
for g in pack["groups"]:
    for weeks in (1, 2):
        day = (today - datetime.timedelta(weeks=weeks)).isoformat()
        d.get(f"{base}/field#sheet/{g['institution_id']}/{g['id']}")
        wait("#sheet-form", "")
        d.execute_script("const e = document.getElementById('held_on'); e.value = arguments[0]; e.dispatchEvent(new Event('change'));", day)
        d.find_element(By.ID, "save-sheet").click()
        wait("#note", "Tersimpan di ponsel")
        n += 1
wait("#waiting-count", f"{n} menunggu", exact=True)
outbox = d.execute_script("""
  return new Promise((ok) => { const r = indexedDB.open('swadaya-field');
    r.onsuccess = () => { const q = r.result.transaction('outbox').objectStore('outbox').getAll();
      q.onsuccess = () => ok(q.result.map((i) => JSON.stringify(i.body).length)); }; });""")
throttle = {"offline": False, "latency": 300, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
d.execute_cdp_cmd("Network.emulateNetworkConditions", throttle)
start = time.time()
d.find_element(By.ID, "sync").click()
wait("#waiting-count", "0 menunggu", exact=True)
took = time.time() - start
sent = len(d.find_elements(By.CSS_SELECTOR, "li.outbox-item.sent"))
print()
print("## Sync over a throttled connection (400 kbit/s each way, 300 ms latency)")
print(f"{n} sheets of 30 members waiting; each item about {sum(outbox) // len(outbox):,} bytes of JSON")
print(f"sent: {sent}; from pressing 'Kirim sekarang' to nothing waiting: {took:.1f} s ({took / n:.2f} s per sheet)")
d.quit()
