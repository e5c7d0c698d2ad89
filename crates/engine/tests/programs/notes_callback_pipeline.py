# The notes (004, 16.2.5): a pipeline of done callbacks, each stage submitting
# the next to the same pool, as printed.
from concurrent.futures import ThreadPoolExecutor
import time

def fetch_data(source):
    time.sleep(1)
    return f"raw_data_from_{source}"

def parse_data(raw_data):
    time.sleep(0.5)
    return raw_data.replace("raw_data_from_", "parsed: ")

def store_data(parsed_data):
    time.sleep(0.3)
    return f"stored[{parsed_data}]"

with ThreadPoolExecutor(max_workers=3) as executor:
    future = executor.submit(fetch_data, "database")

    def on_fetch_done(f):
        raw = f.result()
        parse_future = executor.submit(parse_data, raw)
        parse_future.add_done_callback(on_parse_done)

    def on_parse_done(f):
        parsed = f.result()
        store_future = executor.submit(store_data, parsed)
        store_future.add_done_callback(on_store_done)

    def on_store_done(f):
        print(f"Pipeline完成: {f.result()}")

    future.add_done_callback(on_fetch_done)
    time.sleep(3)
