"""Fixed: the requests overlap on a thread pool, so the waits run concurrently.

Fetch prices for a basket of products from a (local, slow) price service, one at a time.

A tiny price service runs on 127.0.0.1 in a background thread and takes
about 15 ms to answer each request, like a remote API would. The client asks
for each product in turn and waits for each answer.

    python3 examples/io_bound.py
"""
import socket
import socketserver
import threading
import time
from concurrent.futures import ThreadPoolExecutor

SERVICE_DELAY = 0.015


class PriceHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            sku = line.decode().strip()
            time.sleep(SERVICE_DELAY)  # the service's own latency
            price = (sum(map(ord, sku)) % 9000) / 100
            self.wfile.write(f"{sku} {price:.2f}\n".encode())


class PriceService(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def start_service():
    server = PriceService(("127.0.0.1", 0), PriceHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def fetch_price(address, sku):
    with socket.create_connection(address) as conn:
        conn.sendall(f"{sku}\n".encode())
        answer = conn.makefile().readline()
    return float(answer.split()[1])


def price_basket(address, skus):
    with ThreadPoolExecutor(max_workers=32) as pool:
        prices = pool.map(lambda sku: fetch_price(address, sku), skus)
        return dict(zip(skus, prices))


def main():
    server = start_service()
    skus = [f"SKU-{n:04d}" for n in range(150)]
    started = time.perf_counter()
    prices = price_basket(server.server_address, skus)
    elapsed = time.perf_counter() - started
    server.shutdown()
    print(f"priced {len(prices)} products, total {sum(prices.values()):.2f}, in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
