package io.credyt.sample.image;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

/**
 * Draws a picture on the spot with {@code java.awt}, headless and offline: a gradient and a few
 * soft shapes whose colours come from the prompt (the same prompt always gives the same picture),
 * with the prompt written across it. Standard images are {@value #STANDARD_SIZE} pixels square,
 * HD images {@value #HD_SIZE}.
 */
public final class LocalImageGenerator implements ImageGenerator {

	/** The side of a standard image, in pixels. */
	public static final int STANDARD_SIZE = 512;

	/** The side of an HD image, in pixels. */
	public static final int HD_SIZE = 1024;

	private static final int MAX_LINES = 6;

	@Override
	public GeneratedImage generate(String prompt, boolean hd) {
		int size = hd ? HD_SIZE : STANDARD_SIZE;
		BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			SplittableRandom random = new SplittableRandom(prompt.strip().toLowerCase().hashCode());
			paintBackground(graphics, size, random);
			paintPrompt(graphics, size, prompt.strip());
			paintCaption(graphics, size, hd);
		}
		finally {
			graphics.dispose();
		}
		return new GeneratedImage("image/png", png(image));
	}

	private static void paintBackground(Graphics2D graphics, int size, SplittableRandom random) {
		float hue = (float) random.nextDouble();
		Color from = Color.getHSBColor(hue, 0.65f, 0.95f);
		Color to = Color.getHSBColor((hue + 0.35f) % 1f, 0.75f, 0.45f);
		graphics.setPaint(new GradientPaint(0, 0, from, size, size, to));
		graphics.fillRect(0, 0, size, size);
		graphics.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.18f));
		for (int i = 0; i < 7; i++) {
			int diameter = size / 6 + random.nextInt(size / 2);
			graphics.setColor(Color.getHSBColor((hue + (float) random.nextDouble() * 0.5f) % 1f, 0.5f, 1f));
			graphics.fillOval(random.nextInt(size) - diameter / 2, random.nextInt(size) - diameter / 2, diameter,
					diameter);
		}
		graphics.setComposite(AlphaComposite.SrcOver);
	}

	private static void paintPrompt(Graphics2D graphics, int size, String prompt) {
		graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size / 14));
		FontMetrics metrics = graphics.getFontMetrics();
		List<String> lines = wrap(prompt, metrics, size * 8 / 10);
		int lineHeight = metrics.getHeight();
		int y = (size - lines.size() * lineHeight) / 2 + metrics.getAscent();
		for (String line : lines) {
			int x = (size - metrics.stringWidth(line)) / 2;
			graphics.setColor(new Color(0, 0, 0, 90));
			graphics.drawString(line, x + size / 256 + 1, y + size / 256 + 1);
			graphics.setColor(Color.WHITE);
			graphics.drawString(line, x, y);
			y += lineHeight;
		}
	}

	private static void paintCaption(Graphics2D graphics, int size, boolean hd) {
		graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size / 32));
		graphics.setColor(new Color(255, 255, 255, 200));
		String caption = (hd ? "HD " : "") + size + " × " + size + " · drawn locally";
		graphics.drawString(caption, size / 32, size - size / 32);
	}

	private static List<String> wrap(String text, FontMetrics metrics, int width) {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (String word : text.split("\\s+")) {
			String candidate = line.isEmpty() ? word : line + " " + word;
			if (metrics.stringWidth(candidate) <= width || line.isEmpty()) {
				line.setLength(0);
				line.append(candidate);
			}
			else {
				lines.add(line.toString());
				line.setLength(0);
				line.append(word);
			}
		}
		if (!line.isEmpty()) {
			lines.add(line.toString());
		}
		if (lines.size() > MAX_LINES) {
			List<String> shown = new ArrayList<>(lines.subList(0, MAX_LINES));
			shown.set(MAX_LINES - 1, shown.get(MAX_LINES - 1) + " …");
			return shown;
		}
		return lines;
	}

	private static byte[] png(BufferedImage image) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new ImageGenerationException("Could not encode the image as PNG", ex);
		}
		return out.toByteArray();
	}

}
