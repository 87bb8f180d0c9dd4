-- Withheld cells no longer publish the size of their group (docs/anonymity.md): a metric missing
-- as below its minimum sample has a null sampleSize, a withheld segment a null sample. Score
-- documents stored before say how many answers they withheld; this removes that number from
-- them, keeping everything else as stored. (Periods published under the earlier rule that the
-- atom rule now withholds are only withheld once they are recomputed: see docs/anonymity.md.)
UPDATE score_snapshots s
SET result = jsonb_set(s.result, '{metrics}', (
    SELECT jsonb_agg(
        CASE WHEN m->>'missing' = 'belowMinSample' THEN jsonb_set(m, '{sampleSize}', 'null') ELSE m END
        || CASE WHEN jsonb_typeof(m->'segments') = 'array' THEN jsonb_build_object('segments', coalesce((
                SELECT jsonb_agg(CASE WHEN seg->>'withheld' IS NOT NULL THEN jsonb_set(seg, '{sample}', 'null') ELSE seg END ORDER BY j)
                FROM jsonb_array_elements(m->'segments') WITH ORDINALITY AS segments(seg, j)), '[]'::jsonb))
           ELSE '{}'::jsonb END
        ORDER BY i)
    FROM jsonb_array_elements(s.result->'metrics') WITH ORDINALITY AS metrics(m, i)))
WHERE jsonb_typeof(s.result->'metrics') = 'array' AND jsonb_array_length(s.result->'metrics') > 0;
