package io.credyt.test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The checkout through MockMvc, in one HTTP session of its own (MockMvc keeps no cookies).
 */
final class MockMvcTransport implements Transport {

	private static final URI ORIGIN = URI.create("http://localhost");

	private final MockMvc mvc;

	private MockHttpSession session = new MockHttpSession();

	MockMvcTransport(MockMvc mvc) {
		this.mvc = mvc;
	}

	@Override
	public URI resolve(String path) {
		return ORIGIN.resolve(path);
	}

	@Override
	public Response get(URI uri) {
		return perform(uri, MockMvcRequestBuilders.get(uri).accept(MediaType.TEXT_HTML));
	}

	@Override
	public Response post(URI uri, Map<String, String> form) {
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(uri)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.TEXT_HTML);
		form.forEach(request::param);
		return perform(uri, request);
	}

	private Response perform(URI uri, MockHttpServletRequestBuilder request) {
		try {
			MvcResult result = this.mvc.perform(request.session(this.session)).andReturn();
			// the portal changes the session id when a link opens it; the attributes stay
			if (result.getRequest().getSession(false) instanceof MockHttpSession current) {
				this.session = current;
			}
			MockHttpServletResponse response = result.getResponse();
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			return new Response(uri, response.getStatus(), response.getHeader(HttpHeaders.LOCATION),
					response.getContentAsString(StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalStateException("MockMvc failed on " + uri, ex);
		}
	}

}
