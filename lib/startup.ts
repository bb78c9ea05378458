import "server-only";
import { ConfigError, env } from "@/lib/env";

// Refuse to start with a bad configuration, naming what is wrong.
try {
  env();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
