package io.credyt.sample.image;

/**
 * Turns a prompt into a picture. The app draws locally by default
 * ({@link LocalImageGenerator}) and calls Replicate when {@code sample.replicate.token} is set
 * ({@link ReplicateImageGenerator}).
 */
@FunctionalInterface
public interface ImageGenerator {

	/**
	 * Generates one image.
	 * @param prompt what to draw
	 * @param hd whether to generate the larger, HD image
	 * @return the image
	 * @throws ImageGenerationException when no image could be made
	 */
	GeneratedImage generate(String prompt, boolean hd);

}
