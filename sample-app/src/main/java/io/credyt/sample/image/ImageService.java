package io.credyt.sample.image;

import io.credyt.annotation.Billable;

import org.springframework.stereotype.Service;

/**
 * The paid operation. Each call bills one {@code image} to the signed-in user (Credyt's default
 * customer resolver reads the Spring Security principal): a free image first, then $0.25, or
 * $0.40 in HD, from the prepaid balance. When the wallet cannot pay, Credyt throws
 * {@link io.credyt.ledger.InsufficientBalanceException} before the generator is called; when the
 * generator throws, the hold is released and nothing is charged.
 */
@Service
public class ImageService {

	private final ImageGenerator generator;

	public ImageService(ImageGenerator generator) {
		this.generator = generator;
	}

	/**
	 * Generates and bills one image.
	 * @param prompt what to draw
	 * @param hd whether to generate an HD image (billed at the HD price)
	 * @return the image
	 */
	@Billable(product = "image", dimensions = "quality=#hd ? 'hd' : 'standard'")
	public GeneratedImage generate(String prompt, boolean hd) {
		return this.generator.generate(prompt, hd);
	}

}
