package io.credyt.autoconfigure.portal;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * How the portal and the test checkout look, from {@code credyt.portal.brand.*}.
 *
 * @param name the product name
 * @param logoUrl the logo's URL, or {@code null}
 * @param primaryColor the primary colour, {@code #rrggbb}
 * @param supportEmail the support email address, or {@code null}
 */
public record Brand(String name, @Nullable String logoUrl, String primaryColor, @Nullable String supportEmail) {

	private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

	/**
	 * The brand the properties declare.
	 * @param properties the portal properties
	 * @return the brand
	 * @throws InvalidConfigurationPropertyValueException if the colour is not {@code #rrggbb}
	 */
	static Brand of(CredytPortalProperties properties) {
		CredytPortalProperties.Brand brand = properties.getBrand();
		String color = brand.getPrimaryColor();
		if (color == null || !COLOR.matcher(color).matches()) {
			throw new InvalidConfigurationPropertyValueException("credyt.portal.brand.primary-color", color,
					"a colour is written #rrggbb, e.g. #2563eb");
		}
		String name = StringUtils.hasText(brand.getName()) ? brand.getName() : "Billing";
		return new Brand(name, StringUtils.hasText(brand.getLogoUrl()) ? brand.getLogoUrl() : null, color,
				StringUtils.hasText(brand.getSupportEmail()) ? brand.getSupportEmail() : null);
	}

}
