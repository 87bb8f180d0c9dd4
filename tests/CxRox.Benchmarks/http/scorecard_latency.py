"""Sequential latency of a scorecard's reads and writes: p50 and p99 over n requests each, on one
kept-alive HTTP connection (so that connecting is not measured).
Usage: scorecard_latency.py API EDITOR_KEY READER_KEY ORG SCORECARD DOCUMENT_FILE N"""
import http.client
import statistics
import sys
import time
import urllib.parse

api, editor, reader, org, scorecard, document_file, n = sys.argv[1:8]
n = int(n)
url = urllib.parse.urlparse(api)
connection = http.client.HTTPConnection(url.hostname, url.port)
path = f"/v1/organizations/{org}/scorecards/{scorecard}"
document = open(document_file, encoding="utf-8").read()
name = '"name": "Northwind Fashion: stores and app"'
assert name in document, "the sample's name is not where the benchmark changes it"


def request(method, target, key, body=None, headers=None):
    started = time.perf_counter()
    connection.request(method, target, body=body, headers={"Authorization": f"Bearer {key}", **(headers or {})})
    response = connection.getresponse()
    payload = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status >= 300:
        sys.exit(f"{method} {target} answered {response.status}: {payload[:300]!r}")
    return elapsed, response


def report(label, times):
    times = sorted(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"   {label:<42} p50 {statistics.median(times):7.2f} ms   p99 {p99:7.2f} ms   ({len(times)} requests)")


for _ in range(20):  # warm-up: compiled queries, pools, JIT
    request("GET", path, reader)
report(f"GET {path}", [request("GET", path, reader)[0] for _ in range(n)])

etag = request("GET", path, reader)[1].getheader("ETag")
puts = []
for i in range(n):
    body = document.replace(name, f'"name": "Northwind Fashion: stores and app ({i + 1})"').encode("utf-8")
    elapsed, response = request("PUT", path, editor, body, {"Content-Type": "application/json", "If-Match": etag})
    etag = response.getheader("ETag")
    puts.append(elapsed)
report(f"PUT {path} (new version)", puts)
report(f"GET {path} (after {n} versions)", [request("GET", path, reader)[0] for _ in range(n)])

latest = path + "/scores/latest"
for _ in range(20):
    request("GET", latest, reader)
report(f"GET {latest}", [request("GET", latest, reader)[0] for _ in range(n)])
