package io.credyt.autoconfigure.portal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.view.RedirectView;

/**
 * A 303 See Other redirect that carries the request's flash attributes. The location is sent as
 * it is: never rewritten to carry the session id ({@code ;jsessionid=}), which would put the
 * portal session in the address bar and in logs.
 */
final class SeeOther extends RedirectView {

	/**
	 * A redirect to a URL; a path starting with {@code /} is within the context path.
	 * @param url the location
	 */
	SeeOther(String url) {
		super(url, true);
		setStatusCode(HttpStatus.SEE_OTHER);
		setExposeModelAttributes(false);
	}

	@Override
	protected void sendRedirect(HttpServletRequest request, HttpServletResponse response, String targetUrl,
			boolean http10Compatible) {
		response.setStatus(HttpStatus.SEE_OTHER.value());
		response.setHeader(HttpHeaders.LOCATION, targetUrl);
	}

}
