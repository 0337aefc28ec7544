"""A bad 3G line between Chromium and the server, for bench/line_bench.py: an asyncio TCP proxy.

Each direction is one shared link, as on a phone line: bytes queue behind each other at
`rate` bytes per second (400 kbit/s = 50,000 B/s), then travel `delay` seconds (1 s each way,
so 2 s per round trip). Data is cut in segments of `SEGMENT` bytes so a large answer streams
in as it would, rather than landing whole. A new connection first pays one round trip (TCP's
handshake), the way a real line charges it. Everything through the line is counted: bytes
each way and connections opened, so the service worker's fetches are shaped and counted too.

`shaped` can be switched off to load the app quickly before the measured part; `cut()` drops
every open connection, as the outage before the network comes back does.
"""
import asyncio
import threading
import time

SEGMENT = 4096


class Link:
    """One direction of the line: a queue at `rate` B/s, then `delay` s of travel."""

    def __init__(self, line: "Line"):
        self.line = line
        self.free_at = 0.0  # when the link has sent everything queued so far
        self.bytes = 0

    def arrival(self, size: int, now: float) -> float:
        """When `size` bytes handed to the link now reach the other end."""
        self.bytes += size
        if not self.line.shaped:
            return now
        start = max(now, self.free_at)
        self.free_at = start + size / self.line.rate
        return self.free_at + self.line.delay


class Line:
    """The proxy: listen on 127.0.0.1, forward to `upstream` (host, port) through two links."""

    def __init__(self, upstream: tuple[str, int], delay: float = 1.0, rate: float = 50_000,
                 handshake: bool = True):
        self.upstream, self.delay, self.rate, self.handshake = upstream, delay, rate, handshake
        self.shaped = False
        self.up, self.down = Link(self), Link(self)
        self.connections = 0
        self.open: set = set()  # the client side of each live connection
        self.loop = asyncio.new_event_loop()
        self.port = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> "Line":
        self._thread.start()
        self._ready.wait(10)
        return self

    def _run(self):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()

    def counters(self) -> dict:
        return {"up": self.up.bytes, "down": self.down.bytes, "connections": self.connections}

    def cut(self):
        """Drop every connection, as an outage does: the next request opens a new one."""
        def close():
            for writer in list(self.open):
                writer.transport.abort()
            self.open.clear()
        self.loop.call_soon_threadsafe(close)

    async def _client(self, reader, writer):
        self.connections += 1
        self.open.add(writer)
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.close()
            return
        # The handshake: the first bytes cannot leave before SYN, SYN-ACK, ACK went round.
        opened = time.monotonic() + (2 * self.delay if self.shaped and self.handshake else 0)
        try:
            await asyncio.gather(self._pump(reader, up_writer, self.up, opened),
                                 self._pump(up_reader, writer, self.down, 0.0),
                                 return_exceptions=True)
        except asyncio.CancelledError:  # the bench is closing the line
            pass

    async def _pump(self, reader, writer, link: Link, not_before: float):
        queue: asyncio.Queue = asyncio.Queue()

        async def deliver():
            while True:
                item = await queue.get()
                if item is None:
                    break
                at, data = item
                wait = at - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
            writer.close()

        sender = asyncio.ensure_future(deliver())
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                for i in range(0, len(data), SEGMENT):
                    piece = data[i:i + SEGMENT]
                    now = max(time.monotonic(), not_before)
                    queue.put_nowait((link.arrival(len(piece), now), piece))
        except (ConnectionError, OSError):
            pass
        finally:
            queue.put_nowait(None)
            try:
                await sender
            except (ConnectionError, OSError):
                pass

    def stop(self):
        async def close():
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
