package io.credyt.sample.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalImageGeneratorTests {

	private final LocalImageGenerator generator = new LocalImageGenerator();

	@Test
	void standardImageIsASmallPng() throws IOException {
		GeneratedImage image = this.generator.generate("A lighthouse on a cliff at dawn", false);

		assertThat(image.contentType()).isEqualTo("image/png");
		BufferedImage decoded = decode(image);
		assertThat(decoded.getWidth()).isEqualTo(LocalImageGenerator.STANDARD_SIZE);
		assertThat(decoded.getHeight()).isEqualTo(LocalImageGenerator.STANDARD_SIZE);
	}

	@Test
	void hdImageIsBigger() throws IOException {
		BufferedImage decoded = decode(this.generator.generate("A lighthouse on a cliff at dawn", true));

		assertThat(decoded.getWidth()).isEqualTo(LocalImageGenerator.HD_SIZE);
		assertThat(decoded.getHeight()).isEqualTo(LocalImageGenerator.HD_SIZE);
	}

	@Test
	void samePromptDrawsTheSamePictureAndAnotherPromptAnotherOne() {
		byte[] first = this.generator.generate("A fox in the snow", false).bytes();

		assertThat(this.generator.generate("A fox in the snow", false).bytes()).isEqualTo(first);
		assertThat(this.generator.generate("A cat on a roof", false).bytes()).isNotEqualTo(first);
	}

	@Test
	void longPromptsAndLongWordsStillDraw() throws IOException {
		String prompt = "word ".repeat(200) + "x".repeat(300);

		assertThat(decode(this.generator.generate(prompt, false)).getWidth())
			.isEqualTo(LocalImageGenerator.STANDARD_SIZE);
	}

	private static BufferedImage decode(GeneratedImage image) throws IOException {
		BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
		assertThat(decoded).isNotNull();
		return decoded;
	}

}
