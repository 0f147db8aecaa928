package io.credyt.sample;

import java.security.Principal;
import java.time.Duration;

import io.credyt.sample.image.GeneratedImage;
import io.credyt.sample.image.ImageGenerationException;
import io.credyt.sample.image.ImageService;
import io.credyt.sample.image.ImageStore;
import io.credyt.sample.image.ImageStore.StoredImage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Generate page: a prompt, an HD toggle, and the picture. Generating goes through the billed
 * {@link ImageService}; when the wallet cannot pay, Credyt sends the browser to the top-up page
 * ({@code credyt.web.top-up-url}) before anything is generated or charged.
 */
@Controller
class GenerateController {

	private static final Log logger = LogFactory.getLog(GenerateController.class);

	private static final int MAX_PROMPT_LENGTH = 500;

	private static final int RECENT_IMAGES = 6;

	private final ImageService imageService;

	private final ImageStore images;

	private final ImagePrices prices;

	GenerateController(ImageService imageService, ImageStore images, ImagePrices prices) {
		this.imageService = imageService;
		this.images = images;
		this.prices = prices;
	}

	@GetMapping("/")
	String home() {
		return "redirect:/generate";
	}

	@GetMapping("/generate")
	String page(@RequestParam(name = "image", required = false) @Nullable String imageId, Principal user, Model model) {
		if (imageId != null) {
			this.images.find(imageId, user.getName()).ifPresent((image) -> model.addAttribute("image", image));
		}
		model.addAttribute("recent", this.images.recent(user.getName(), RECENT_IMAGES));
		model.addAttribute("standardPrice", this.prices.price(user.getName(), false));
		model.addAttribute("hdPrice", this.prices.price(user.getName(), true));
		return "generate";
	}

	@PostMapping("/generate")
	String generate(@RequestParam(defaultValue = "") String prompt, @RequestParam(defaultValue = "false") boolean hd,
			Principal user, RedirectAttributes redirect) {
		String text = prompt.strip();
		redirect.addFlashAttribute("prompt", text);
		redirect.addFlashAttribute("hd", hd);
		if (text.isEmpty() || text.length() > MAX_PROMPT_LENGTH) {
			redirect.addFlashAttribute("problem",
					"Describe the image you want in 1 to " + MAX_PROMPT_LENGTH + " characters.");
			return "redirect:/generate";
		}
		try {
			GeneratedImage generated = this.imageService.generate(text, hd);
			StoredImage image = this.images.save(user.getName(), text, hd, generated);
			redirect.addAttribute("image", image.id());
		}
		catch (ImageGenerationException ex) {
			// the reason may be the operator's business (a bad token), so it goes to the log only
			logger.warn("Image generation failed for " + user.getName() + ": " + ex.getMessage(), ex);
			redirect.addFlashAttribute("problem",
					"The image could not be generated, and nothing was charged. Try again, or change the prompt.");
		}
		return "redirect:/generate";
	}

	@GetMapping("/images/{id}")
	ResponseEntity<byte[]> image(@PathVariable String id, Principal user) {
		return this.images.find(id, user.getName())
			.map((image) -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(image.image().contentType()))
				.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
				.body(image.image().bytes()))
			.orElseGet(() -> ResponseEntity.notFound().build());
	}

}
