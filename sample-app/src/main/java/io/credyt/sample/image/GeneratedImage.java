package io.credyt.sample.image;

/**
 * A picture as an image generator returned it.
 *
 * @param contentType its media type, {@code image/png} for example
 * @param bytes the encoded image; not copied, so treat it as read-only
 */
public record GeneratedImage(String contentType, byte[] bytes) {

	@Override
	public String toString() {
		return "GeneratedImage[" + this.contentType + ", " + this.bytes.length + " bytes]";
	}

}
