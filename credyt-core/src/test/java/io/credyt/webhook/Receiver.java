package io.credyt.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpServer;

/** A local HTTP receiver that records what it is sent and answers as a test says. */
final class Receiver implements AutoCloseable {

	private final HttpServer server;

	final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

	final AtomicInteger calls = new AtomicInteger();

	volatile IntSupplier status = () -> 200;

	volatile String retryAfter;

	volatile long delayMillis;

	Receiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
		this.server.createContext("/hook", (exchange) -> {
			this.calls.incrementAndGet();
			try (InputStream in = exchange.getRequestBody()) {
				String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				this.received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
			}
			if (this.delayMillis > 0) {
				try {
					Thread.sleep(this.delayMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (this.retryAfter != null) {
				exchange.getResponseHeaders().add("Retry-After", this.retryAfter);
			}
			exchange.sendResponseHeaders(this.status.getAsInt(), -1);
			exchange.close();
		});
		this.server.start();
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook");
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	record Received(Map<String, List<String>> headers, String body) {

		String header(String name) {
			for (Map.Entry<String, List<String>> header : this.headers.entrySet()) {
				if (header.getKey().equalsIgnoreCase(name)) {
					return header.getValue().get(0);
				}
			}
			return null;
		}

	}

}
