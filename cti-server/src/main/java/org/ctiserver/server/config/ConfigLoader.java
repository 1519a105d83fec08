package org.ctiserver.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Reads the YAML configuration and checks it; every failure is a {@link ConfigException} naming the key. */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ConfigLoader() {
    }

    public static ResolvedConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("file not found"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot be read: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    public static ResolvedConfig parse(String yaml, String source) {
        ServerConfig raw;
        try {
            raw = YAML.readValue(yaml, ServerConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(source, List.of(path(e) + ": unknown key (known here: "
                    + e.getKnownPropertyIds() + ")"));
        } catch (JsonMappingException e) {
            throw new ConfigException(source, List.of(path(e) + ": " + e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of("not valid YAML at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
        }
        if (raw == null) {
            throw new ConfigException(source, List.of("the file is empty"));
        }
        return new ConfigValidator(source).validate(raw);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(top level)" : sb.toString();
    }
}
