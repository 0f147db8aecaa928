package io.credyt.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's browser, as far as the tests need one: keeps cookies, sends {@code Accept: text/html},
 * follows redirects (a redirected form post becomes a {@code GET}, as in a browser), and submits a
 * page's forms with the CSRF token the page carries.
 */
final class Browser {

	private static final int MAX_REDIRECTS = 10;

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final URI base;

	Browser(int port) {
		this.base = URI.create("http://localhost:" + port + "/");
	}

	/**
	 * Opens a page.
	 * @param path the path
	 * @return the page, after any redirects
	 */
	Page get(String path) {
		return follow(send(HttpRequest.newBuilder(this.base.resolve(path)).GET()), new ArrayList<>());
	}

	/**
	 * Downloads a resource a page links to.
	 * @param path the path or URL
	 * @return the response
	 */
	HttpResponse<byte[]> download(String path) {
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve(path)).GET().build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Fills in and submits a form of a page, with the form's hidden fields (the CSRF token among
	 * them) as the page rendered them.
	 * @param page the page showing the form
	 * @param formId the form's id
	 * @param fields the fields to send besides the hidden ones
	 * @return the page the browser ends on
	 */
	Page submit(Page page, String formId, Map<String, String> fields) {
		String form = page.form(formId);
		Map<String, String> sent = new LinkedHashMap<>();
		Matcher hidden = Pattern.compile("<input[^>]*\\stype=\"hidden\"[^>]*>").matcher(form);
		while (hidden.find()) {
			sent.put(attribute(hidden.group(), "input", "name"), attribute(hidden.group(), "input", "value"));
		}
		assertThat(sent).as("the CSRF token of form #%s", formId).containsKey("_csrf");
		sent.putAll(fields);
		return post(page.uri().resolve(attribute(form, "form", "action")), sent);
	}

	/**
	 * Posts a form as a hand-made request would, without looking at any page.
	 * @param path where to post
	 * @param fields the fields
	 * @return the page the browser ends on
	 */
	Page post(String path, Map<String, String> fields) {
		return post(this.base.resolve(path), fields);
	}

	private Page post(URI uri, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return follow(send(request), new ArrayList<>());
	}

	private Page follow(HttpResponse<String> response, List<URI> redirects) {
		HttpResponse<String> current = response;
		while (current.statusCode() / 100 == 3) {
			assertThat(redirects).as("redirects").hasSizeLessThan(MAX_REDIRECTS);
			URI next = current.uri().resolve(current.headers().firstValue("Location").orElseThrow());
			redirects.add(next);
			current = send(HttpRequest.newBuilder(next).GET());
		}
		return new Page(current.uri(), current.statusCode(), current.body(), List.copyOf(redirects));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8").build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String attribute(String html, String tag, String name) {
		Matcher element = Pattern.compile("<" + tag + "[^>]*>").matcher(html);
		assertThat(element.find()).as("<%s> in %s", tag, html).isTrue();
		Matcher attribute = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(element.group());
		assertThat(attribute.find()).as("%s of %s", name, element.group()).isTrue();
		return unescape(attribute.group(1));
	}

	static String unescape(String html) {
		return html.replace("&#39;", "'")
			.replace("&quot;", "\"")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&amp;", "&");
	}

	/**
	 * A page as the browser ended on it.
	 *
	 * @param uri its address
	 * @param status the HTTP status
	 * @param body the HTML
	 * @param redirects the addresses the browser was sent through to get here
	 */
	record Page(URI uri, int status, String body, List<URI> redirects) {

		String path() {
			return this.uri.getPath();
		}

		/**
		 * The text of the element with an id, tags removed and white space collapsed.
		 * @param id the element's id
		 * @return its text
		 */
		String text(String id) {
			String element = element(id);
			assertThat(element).as("element #%s on %s:%n%s", id, this.uri, this.body).isNotNull();
			return unescape(element.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip());
		}

		/**
		 * @param id an element id
		 * @return whether the page has that element
		 */
		boolean has(String id) {
			return element(id) != null;
		}

		/**
		 * An attribute of the element with an id.
		 * @param id the element's id
		 * @param name the attribute
		 * @return its value
		 */
		String attribute(String id, String name) {
			return Browser.attribute(this.body, "[a-z0-9]+[^>]*\\sid=\"" + Pattern.quote(id) + "\"", name);
		}

		String form(String id) {
			Matcher form = Pattern.compile("<form[^>]*\\sid=\"" + Pattern.quote(id) + "\".*?</form>", Pattern.DOTALL)
				.matcher(this.body);
			assertThat(form.find()).as("form #%s on %s:%n%s", id, this.uri, this.body).isTrue();
			return form.group();
		}

		private @Nullable String element(String id) {
			Matcher element = Pattern
				.compile("<([a-z0-9]+)[^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</\\1>", Pattern.DOTALL)
				.matcher(this.body);
			return element.find() ? element.group(2) : null;
		}

	}

}
