/**
 * Files: safetensors weights ({@link org.sgd4j.io.SafeTensors}, read defensively, written as the
 * reference implementation lays them out, so PyTorch reads them), the small strict JSON reader and
 * writer the core needs without a JSON dependency ({@link org.sgd4j.io.Json}), atomic
 * write-then-rename ({@link org.sgd4j.io.AtomicFile}) and SHA-256 checksums ({@link org.sgd4j.io.Sha256}).
 */
package org.sgd4j.io;
