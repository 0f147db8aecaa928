package io.credyt.sample.image;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Picks the image generator: Replicate when {@code sample.replicate.token} is set, the local
 * drawing otherwise, so the app runs with no account and no network.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicateProperties.class)
class ImageGeneratorConfiguration {

	private static final Log logger = LogFactory.getLog(ImageGeneratorConfiguration.class);

	@Bean
	ImageGenerator imageGenerator(ReplicateProperties replicate, ObjectProvider<RestClient.Builder> restClientBuilder) {
		if (StringUtils.hasText(replicate.getToken())) {
			logger.info("Generating images with Replicate model " + replicate.getModel() + " at "
					+ replicate.getBaseUrl());
			return new ReplicateImageGenerator(restClientBuilder.getIfAvailable(RestClient::builder), replicate);
		}
		logger.info("Drawing images locally; set sample.replicate.token to generate them with Replicate");
		return new LocalImageGenerator();
	}

}
