package io.associationgateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What of local mode a packaged app or an image holds: classes compiled from {@code src/local/java} (the emulators, the
 * outbox, the embedded Redis provider, their configuration; Quarkus's generated beans of them too), the
 * {@code embedded-redis} jar and Redis server binaries. The production build and image must hold none of it.
 */
final class LocalModeContent {

  private LocalModeContent() {
  }

  /** Every piece of local mode found under {@code dir} (files and jar entries, recursively into jars), as readable lines. */
  static List<String> in(Path dir) {
    var localClasses = localClassNames();
    var found = new ArrayList<String>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (var file : files.filter(Files::isRegularFile).toList()) {
        var where = dir.relativize(file).toString();
        if (isRedisBinary(file.getFileName().toString())) {
          found.add("Redis binary " + where);
        }
        if (file.getFileName().toString().contains("embedded-redis")) {
          found.add("embedded-redis jar " + where);
        }
        if (file.getFileName().toString().endsWith(".jar")) {
          found.addAll(inJar(file, where, localClasses));
        }
        if (file.getFileName().toString().equals("quarkus-app-dependencies.txt") && Files.readString(file).contains("embedded-redis")) {
          found.add("embedded-redis listed in " + where);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static List<String> inJar(Path jar, String where, Set<String> localClasses) throws IOException {
    var found = new ArrayList<String>();
    try (var file = new JarFile(jar.toFile())) {
      file.stream().map(entry -> entry.getName()).forEach(name -> {
        if (name.startsWith("io/associationgateway/local/") && !name.endsWith("/")) {
          found.add("local-mode class " + name + " in " + where);
        } else if (name.endsWith(".class") && localClasses.contains(outerClass(name))) {
          found.add("local-mode class " + name + " in " + where);
        } else if (isRedisBinary(name.substring(name.lastIndexOf('/') + 1))) {
          found.add("Redis binary " + name + " in " + where);
        } else if (name.startsWith("redis/embedded/")) {
          found.add("embedded-redis class " + name + " in " + where);
        }
      });
    }
    return found;
  }

  /** {@code io/associationgateway/config/LocalConfig} for {@code …/LocalConfig$Foo.class} or Quarkus's {@code …/LocalConfig_Bean.class}. */
  private static String outerClass(String entry) {
    var name = entry.substring(0, entry.length() - ".class".length());
    var cut = name.length();
    for (var marker : List.of("$", "_")) {
      var at = name.indexOf(marker, name.lastIndexOf('/'));
      if (at > 0) {
        cut = Math.min(cut, at);
      }
    }
    return name.substring(0, cut);
  }

  private static boolean isRedisBinary(String name) {
    return name.startsWith("redis-server");
  }

  /** The classes compiled from {@code src/local/java}, as {@code io/associationgateway/…/Name}. */
  static Set<String> localClassNames() {
    var root = DockerfileTest.projectDir().resolve("src/local/java");
    try (Stream<Path> sources = Files.walk(root)) {
      return sources.filter(p -> p.toString().endsWith(".java"))
          .map(p -> root.relativize(p).toString().replace('\\', '/').replaceAll("\\.java$", ""))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
