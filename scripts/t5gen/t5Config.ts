// Presets and the config.json / generation_config.json a generated T5 is described by (Hugging Face T5 keys).

export interface T5Shape {
  dModel: number;
  dKv: number;
  dFf: number;
  numLayers: number;
  numDecoderLayers: number;
  numHeads: number;
  numBuckets: number;
  maxDistance: number;
  vocabSize: number;
  /** Pieces in tokenizer.json before the sentinels; vocabSize >= pieces + sentinels (T5 pads the embedding). */
  tokenizerPieces: number;
  extraIds: number;
  tieWordEmbeddings: boolean;
  layerNormEpsilon: number;
}

export type PresetName = 'tiny' | 'small';

export const PRESETS: Record<PresetName, T5Shape> = {
  // Untied heads: a random model with a tied head tends to repeat one token (the small one gave 32 x <pad>), which
  // hides decoding bugs and makes "the runtimes produced the same tokens" a weak check.
  tiny: {
    dModel: 32, dKv: 8, dFf: 64, numLayers: 2, numDecoderLayers: 2, numHeads: 4, numBuckets: 32, maxDistance: 128,
    vocabSize: 384, tokenizerPieces: 360, extraIds: 16, tieWordEmbeddings: false, layerNormEpsilon: 1e-6,
  },
  small: {
    dModel: 512, dKv: 64, dFf: 2048, numLayers: 6, numDecoderLayers: 6, numHeads: 8, numBuckets: 32, maxDistance: 128,
    vocabSize: 32128, tokenizerPieces: 32000, extraIds: 100, tieWordEmbeddings: false, layerNormEpsilon: 1e-6,
  },
};

export function configJson(s: T5Shape): Record<string, unknown> {
  return {
    architectures: ['T5ForConditionalGeneration'],
    model_type: 't5',
    d_model: s.dModel,
    d_kv: s.dKv,
    d_ff: s.dFf,
    num_layers: s.numLayers,
    num_decoder_layers: s.numDecoderLayers,
    num_heads: s.numHeads,
    relative_attention_num_buckets: s.numBuckets,
    relative_attention_max_distance: s.maxDistance,
    layer_norm_epsilon: s.layerNormEpsilon,
    feed_forward_proj: 'relu',
    dropout_rate: 0.1,
    initializer_factor: 1.0,
    is_encoder_decoder: true,
    tie_word_embeddings: s.tieWordEmbeddings,
    vocab_size: s.vocabSize,
    pad_token_id: 0,
    eos_token_id: 1,
    decoder_start_token_id: 0,
    use_cache: true,
    task_specific_params: {
      summarization: { prefix: 'summarize: ', max_length: 200, num_beams: 4, early_stopping: true, length_penalty: 2.0 },
      translation_en_to_de: { prefix: 'translate English to German: ', max_length: 300, num_beams: 4, early_stopping: true },
    },
  };
}

export function generationConfigJson(): Record<string, unknown> {
  return { decoder_start_token_id: 0, eos_token_id: 1, pad_token_id: 0 };
}
