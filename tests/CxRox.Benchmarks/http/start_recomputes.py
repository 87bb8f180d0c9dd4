"""Starts one recompute job per organization of a keys file (slug, editor key, reader key per line)
for the periods holding FROM to TO, as fast as the API accepts them.
Usage: start_recomputes.py API KEYS FROM TO"""
import http.client
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

api, keys_path, first, last = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
url = urllib.parse.urlparse(api)
organizations = [line.rstrip("\n").split("\t") for line in open(keys_path, encoding="utf-8")]


def start(batch):
    connection = http.client.HTTPConnection(url.hostname, url.port)
    for slug, editor, _ in batch:
        connection.request("POST", f"/v1/organizations/{slug}/scorecards/stores/recompute?from={first}&to={last}",
                           headers={"Authorization": f"Bearer {editor}"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 202:
            raise RuntimeError(f"{slug}: {response.status} {body[:300]!r}")
    connection.close()


with ThreadPoolExecutor(4) as pool:
    list(pool.map(start, [organizations[i::4] for i in range(4)]))
print(f"   {len(organizations)} recompute jobs started")
