"""Creates N organizations (bench-0001, ...) through the API, each with an editor and a reader key
and the given sample scorecard stored under id "stores"; writes slug, editor key and reader key per
line to a TSV file. Usage: create_organizations.py API ADMIN_KEY N SAMPLE OUT"""
import http.client
import json
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

api, admin, count, sample_path, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
url = urllib.parse.urlparse(api)
sample = json.load(open(sample_path, encoding="utf-8"))


def call(connection, method, path, key, body):
    connection.request(method, path, body=json.dumps(body), headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    response = connection.getresponse()
    text = response.read()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path}: {response.status} {text[:300]!r}")
    return json.loads(text)


def create(index):
    connection = http.client.HTTPConnection(url.hostname, url.port)
    slug = f"bench-{index:04d}"
    call(connection, "POST", "/v1/organizations", admin, {"slug": slug, "name": f"Bench {index}", "timeZone": "Europe/Warsaw"})
    editor = call(connection, "POST", f"/v1/organizations/{slug}/api-keys", admin, {"name": "editor", "role": "editor"})["key"]
    reader = call(connection, "POST", f"/v1/organizations/{slug}/api-keys", admin, {"name": "reader", "role": "reader"})["key"]
    call(connection, "PUT", f"/v1/organizations/{slug}/scorecards/stores", editor, dict(sample, organization=slug, id="stores"))
    connection.close()
    return slug, editor, reader


with ThreadPoolExecutor(4) as pool:
    rows = list(pool.map(create, range(1, count + 1)))
with open(out, "w", encoding="utf-8") as f:
    for row in rows:
        f.write("\t".join(row) + "\n")
print(f"   {len(rows)} organizations created")
