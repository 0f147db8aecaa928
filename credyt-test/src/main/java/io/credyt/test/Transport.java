package io.credyt.test;

import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How the test checkout reaches the application: MockMvc, or HTTP. Redirects are never followed,
 * so each step's answer can be checked; the session cookie is kept between requests.
 */
interface Transport {

	/**
	 * An address of the application.
	 * @param path a path within the application, e.g. {@code /billing/portal}
	 * @return the address
	 */
	URI resolve(String path);

	/**
	 * The address a redirect names.
	 * @param from the address that answered with the redirect
	 * @param location the redirect's {@code Location}
	 * @return the address
	 */
	default URI resolve(URI from, String location) {
		return from.resolve(location);
	}

	Response get(URI uri);

	Response post(URI uri, Map<String, String> form);

	/**
	 * An answer.
	 *
	 * @param uri the address asked
	 * @param status the HTTP status
	 * @param location the {@code Location} header, if any
	 * @param body the body as text
	 */
	record Response(URI uri, int status, @Nullable String location, String body) {
	}

}
