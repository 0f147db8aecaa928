package io.credyt.autoconfigure.portal;

import java.net.URI;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One browser on the application: its session cookie carries over from request to request, and
 * pages are read by element id.
 */
final class Browser {

	private final MockMvc mvc;

	private MockHttpSession session = new MockHttpSession();

	Browser(WebApplicationContext context) {
		this(MockMvcBuilders.webAppContextSetup(context).build());
	}

	Browser(MockMvc mvc) {
		this.mvc = mvc;
	}

	MockHttpSession session() {
		return this.session;
	}

	/** Starts over with a new, empty session, as another browser would. */
	void clearCookies() {
		this.session = new MockHttpSession();
	}

	MvcResult get(String url) throws Exception {
		return perform(MockMvcRequestBuilders.get(URI.create(url)));
	}

	/**
	 * Posts a form.
	 * @param url where to
	 * @param fields names and values, alternating
	 * @return the result
	 */
	MvcResult post(String url, String... fields) throws Exception {
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(URI.create(url));
		for (int i = 0; i < fields.length; i += 2) {
			request.param(fields[i], fields[i + 1]);
		}
		return perform(request);
	}

	MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.session(this.session)).andReturn();
	}

	/**
	 * Opens a page that must answer 200.
	 * @param url the page
	 * @return the page
	 */
	Document page(String url) throws Exception {
		MvcResult result = get(url);
		assertThat(result.getResponse().getStatus()).as("status of %s", url).isEqualTo(200);
		return document(result);
	}

	/**
	 * Follows a redirect that must be a 303.
	 * @param result the redirect
	 * @return where it leads
	 */
	MvcResult follow(MvcResult result) throws Exception {
		return get(seeOther(result));
	}

	static String seeOther(MvcResult result) throws Exception {
		assertThat(result.getResponse().getStatus())
			.as("a 303 See Other; got a page saying %s (error: %s)", result.getResponse().getContentAsString(),
					result.getResponse().getErrorMessage())
			.isEqualTo(303);
		String location = result.getResponse().getHeader("Location");
		assertThat(location).isNotNull();
		return location;
	}

	static Document document(MvcResult result) throws Exception {
		return Jsoup.parse(result.getResponse().getContentAsString());
	}

}
