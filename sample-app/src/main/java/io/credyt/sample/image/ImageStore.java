package io.credyt.sample.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Keeps the latest generated images in memory so the pages can show them, each visible to its
 * owner only. The oldest images are forgotten past {@value #CAPACITY}; a real app would put them
 * in object storage.
 */
@Component
public class ImageStore {

	/** How many images are kept, over all users. */
	public static final int CAPACITY = 200;

	private final Map<String, StoredImage> images = new LinkedHashMap<>();

	/**
	 * Keeps an image.
	 * @param owner who generated it
	 * @param prompt its prompt
	 * @param hd whether it is an HD image
	 * @param image the image
	 * @return the stored image, with its id
	 */
	public synchronized StoredImage save(String owner, String prompt, boolean hd, GeneratedImage image) {
		StoredImage stored = new StoredImage(UUID.randomUUID().toString(), owner, prompt, hd, image, Instant.now());
		this.images.put(stored.id(), stored);
		Iterator<StoredImage> oldest = this.images.values().iterator();
		while (this.images.size() > CAPACITY) {
			oldest.next();
			oldest.remove();
		}
		return stored;
	}

	/**
	 * Finds one of an owner's images.
	 * @param id the image id
	 * @param owner who asks
	 * @return the image, if it exists and belongs to the owner
	 */
	public synchronized Optional<StoredImage> find(String id, String owner) {
		return Optional.ofNullable(this.images.get(id)).filter((image) -> image.owner().equals(owner));
	}

	/**
	 * An owner's latest images.
	 * @param owner whose images
	 * @param limit how many at most
	 * @return the images, newest first
	 */
	public synchronized List<StoredImage> recent(String owner, int limit) {
		List<StoredImage> mine = new ArrayList<>();
		for (StoredImage image : this.images.values()) {
			if (image.owner().equals(owner)) {
				mine.add(0, image);
			}
		}
		return List.copyOf(mine.subList(0, Math.min(limit, mine.size())));
	}

	/**
	 * A generated image and what it was made from.
	 *
	 * @param id its id, in its URL
	 * @param owner the user who generated it
	 * @param prompt the prompt
	 * @param hd whether it is an HD image
	 * @param image the image
	 * @param createdAt when it was generated
	 */
	public record StoredImage(String id, String owner, String prompt, boolean hd, GeneratedImage image,
			Instant createdAt) {
	}

}
