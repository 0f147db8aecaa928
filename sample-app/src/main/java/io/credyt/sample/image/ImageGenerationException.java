package io.credyt.sample.image;

import org.jspecify.annotations.Nullable;

/**
 * No image could be generated: the model failed, refused the prompt, or could not be reached.
 * Thrown out of a {@code @Billable} call, it means nothing was charged.
 */
public class ImageGenerationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ImageGenerationException(String message) {
		super(message);
	}

	public ImageGenerationException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
