package io.credyt.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.fail;

/**
 * The system Chromium, headless, driven through the system chromedriver (Debian packages
 * {@code chromium} and {@code chromium-driver}). With {@code CI=true} a missing browser fails the
 * test; elsewhere the test is skipped with a message saying what to install, so that
 * {@code ./mvnw verify} still passes on a machine with only a JDK.
 */
final class Chrome implements AutoCloseable {

	static final Path BINARY = Path.of(System.getProperty("credyt.test.chromium", "/usr/bin/chromium"));

	static final Path DRIVER = Path.of(System.getProperty("credyt.test.chromedriver", "/usr/bin/chromedriver"));

	/** Where the tests save the screenshots the README shows, relative to the sample-app module. */
	static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ChromeDriver driver;

	private final Path profile;

	private final String base;

	private Chrome(ChromeDriver driver, Path profile, String base) {
		this.driver = driver;
		this.profile = profile;
		this.base = base;
	}

	/**
	 * Starts a fresh browser (its own empty profile) for an app on a local port.
	 * @param port the app's port
	 * @return the browser
	 */
	static Chrome start(int port) {
		requireInstalled();
		Path profile;
		try {
			profile = Files.createTempDirectory("credyt-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BINARY.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1280,900", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(WAIT);
		return new Chrome(driver, profile, "http://localhost:" + port);
	}

	private static void requireInstalled() {
		if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
			return;
		}
		String missing = "The browser tests need Chromium at " + BINARY + " and chromedriver at " + DRIVER
				+ " (Debian/Ubuntu: apt-get install chromium chromium-driver)";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(missing + "; under CI=true a missing browser fails the build");
		}
		Assumptions.abort(missing + "; skipped outside CI");
	}

	WebDriver driver() {
		return this.driver;
	}

	/**
	 * Opens a path of the app, or a full URL.
	 * @param pathOrUrl a path starting with {@code /}, or a full URL
	 */
	void open(String pathOrUrl) {
		this.driver.get(pathOrUrl.startsWith("/") ? this.base + pathOrUrl : pathOrUrl);
	}

	/**
	 * Waits for an element to be visible.
	 * @param id the element's id
	 * @return the element
	 */
	WebElement find(String id) {
		return new WebDriverWait(this.driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
	}

	/**
	 * Whether the current page has an element.
	 * @param id the element's id
	 * @return whether it is there
	 */
	boolean has(String id) {
		return !this.driver.findElements(By.id(id)).isEmpty();
	}

	/**
	 * Waits until an element's text is the given one.
	 * @param id the element's id
	 * @param text the text
	 * @return the element
	 */
	WebElement waitForText(String id, String text) {
		new WebDriverWait(this.driver, WAIT).until(ExpectedConditions.textToBe(By.id(id), text));
		return this.driver.findElement(By.id(id));
	}

	/**
	 * Waits until the page's path (without the query and the fragment) is the given one and the page has loaded
	 * (a tab a link opened is not waited for by the driver itself).
	 * @param path the path
	 */
	void waitForPath(String path) {
		new WebDriverWait(this.driver, WAIT).until((d) -> path.equals(path(d.getCurrentUrl()))
				&& "complete".equals(this.driver.executeScript("return document.readyState")));
	}

	String path() {
		return path(this.driver.getCurrentUrl());
	}

	private static String path(String url) {
		String rest = url.substring(url.indexOf("//") + 2);
		int slash = rest.indexOf('/');
		String path = (slash >= 0) ? rest.substring(slash) : "/";
		int fragment = path.indexOf('#');
		path = (fragment >= 0) ? path.substring(0, fragment) : path;
		int query = path.indexOf('?');
		return (query >= 0) ? path.substring(0, query) : path;
	}

	/**
	 * Clicks an element and waits for the page it loads (a form submit or a link).
	 * @param id the element's id
	 */
	void clickAndWait(String id) {
		clickAndWait(By.id(id));
	}

	/**
	 * Clicks an element and waits for the page it loads (a form submit or a link).
	 * @param locator finds the element
	 */
	void clickAndWait(By locator) {
		WebElement element = new WebDriverWait(this.driver, WAIT)
			.until(ExpectedConditions.elementToBeClickable(locator));
		element.click();
		waitUntilReplaced(element);
	}

	/**
	 * Types into a field and presses Enter, then waits for the page the form loads.
	 * @param id the field's id
	 * @param text the text
	 */
	void typeAndSubmit(String id, String text) {
		type(id, text);
		WebElement field = find(id);
		field.sendKeys(Keys.ENTER);
		waitUntilReplaced(field);
	}

	/**
	 * Waits until the page an element belongs to has been replaced by the next one.
	 * @param element an element of the page being left
	 */
	private void waitUntilReplaced(WebElement element) {
		new WebDriverWait(this.driver, WAIT).until((driver) -> isDetached(element));
	}

	private static boolean isDetached(WebElement element) {
		try {
			element.isEnabled();
			return false;
		}
		catch (StaleElementReferenceException ex) {
			return true;
		}
		catch (WebDriverException ex) {
			// chromedriver reports a node it is asked about while the document is being replaced
			// this way instead of as a stale element
			if (String.valueOf(ex.getMessage()).contains("does not belong to the document")) {
				return true;
			}
			throw ex;
		}
	}

	/**
	 * The visible text of an element, once it is visible.
	 * @param id the element's id
	 * @return its text
	 */
	String text(String id) {
		return find(id).getText();
	}

	/**
	 * The visible text of an element, once it is visible.
	 * @param locator finds the element
	 * @return its text
	 */
	String text(By locator) {
		return new WebDriverWait(this.driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator))
			.getText();
	}

	/**
	 * Makes a checkbox checked or unchecked.
	 * @param locator finds the checkbox
	 * @param checked whether it should be checked
	 */
	void check(By locator, boolean checked) {
		WebElement box = new WebDriverWait(this.driver, WAIT).until(ExpectedConditions.elementToBeClickable(locator));
		if (box.isSelected() != checked) {
			box.click();
		}
	}

	/**
	 * Types into a field, replacing what it holds.
	 * @param id the field's id
	 * @param text the text
	 */
	void type(String id, String text) {
		WebElement field = find(id);
		field.clear();
		field.sendKeys(text);
	}

	/**
	 * Switches to the tab a link opened with {@code target="_blank"}.
	 * @return the handle of the tab switched from
	 */
	String switchToNewTab() {
		String current = this.driver.getWindowHandle();
		new WebDriverWait(this.driver, WAIT).until((d) -> d.getWindowHandles().size() > 1);
		List<String> handles = new ArrayList<>(this.driver.getWindowHandles());
		handles.remove(current);
		this.driver.switchTo().window(handles.get(handles.size() - 1));
		return current;
	}

	/** @return the handle of the current tab */
	String handle() {
		return this.driver.getWindowHandle();
	}

	void switchTo(String handle) {
		this.driver.switchTo().window(handle);
	}

	/**
	 * Saves a screenshot of the whole page to {@code docs/screenshots/<name>.png}.
	 * @param name the file name without extension
	 * @param width the viewport width to render at
	 */
	void screenshot(String name, int width) {
		Dimension size = this.driver.manage().window().getSize();
		try {
			// no blinking caret or focus ring: the same page gives the same picture
			this.driver.executeScript("if (document.activeElement) { document.activeElement.blur(); }");
			// the page is laid out at the width first: a narrow page is a taller one
			this.driver.manage().window().setSize(new Dimension(width, size.getHeight()));
			Object height = this.driver.executeScript(
					"return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
			Object frame = this.driver.executeScript("return Math.max(window.outerHeight - window.innerHeight, 0)");
			int pageHeight = Math.min(Math.max(((Number) height).intValue(), 600), 4000);
			this.driver.manage().window().setSize(new Dimension(width, pageHeight + ((Number) frame).intValue()));
			byte[] png = this.driver.getScreenshotAs(OutputType.BYTES);
			Files.createDirectories(SCREENSHOTS);
			Files.write(SCREENSHOTS.resolve(name + ".png"), png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.driver.manage().window().setSize(size);
		}
	}

	/**
	 * Saves a screenshot of one element of the page, laid out at a width, to
	 * {@code docs/screenshots/<name>.png}.
	 * @param id the element's id
	 * @param name the file name without extension
	 * @param width the viewport width to lay the page out at
	 */
	void screenshotOf(String id, String name, int width) {
		Dimension size = this.driver.manage().window().getSize();
		try {
			this.driver.executeScript("if (document.activeElement) { document.activeElement.blur(); }");
			this.driver.manage().window().setSize(new Dimension(width, size.getHeight()));
			WebElement element = find(id);
			Object height = this.driver.executeScript("return Math.ceil(arguments[0].getBoundingClientRect().height)",
					element);
			Object frame = this.driver.executeScript("return Math.max(window.outerHeight - window.innerHeight, 0)");
			// the whole element in the viewport: an element taller than the window is cut off
			int elementHeight = Math.min(Math.max(((Number) height).intValue() + 40, 600), 4000);
			this.driver.manage().window().setSize(new Dimension(width, elementHeight + ((Number) frame).intValue()));
			this.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
			byte[] png = element.getScreenshotAs(OutputType.BYTES);
			Files.createDirectories(SCREENSHOTS);
			Files.write(SCREENSHOTS.resolve(name + ".png"), png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.driver.manage().window().setSize(size);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteProfile();
		}
	}

	private void deleteProfile() {
		try (var paths = Files.walk(this.profile)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
