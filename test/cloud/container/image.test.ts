/** The Dockerfile reader of the cloud run: instructions, ENV, a two-stage build into directories. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildImage, dockerfileInstructions, parseEnv } from './image';

describe('the Batch image without Docker', () => {
  it('reads instructions (continuations, comments) and ENV forms', () => {
    expect(dockerfileInstructions('# c\nFROM node AS build\nRUN a \\\n  b\n\nENV X=1')).toEqual([
      { op: 'FROM', args: 'node AS build' },
      { op: 'RUN', args: 'a    b' },
      { op: 'ENV', args: 'X=1' },
    ]);
    expect(parseEnv('A=1 B="two words" C=/app/x')).toEqual({ A: '1', B: 'two words', C: '/app/x' });
    expect(parseEnv('LEGACY some value')).toEqual({ LEGACY: 'some value' });
  });

  it('builds the stages into directories: COPY from the context and --from a stage, RUN in WORKDIR, ENV paths mapped into the image', () => {
    const context = mkdtempSync(path.join(tmpdir(), 'qpo-image-ctx-'));
    mkdirSync(path.join(context, 'src'));
    writeFileSync(path.join(context, 'src', 'main.txt'), 'hello');
    writeFileSync(path.join(context, 'data.csv'), 'a,b');
    writeFileSync(
      path.join(context, 'Dockerfile'),
      ['FROM base AS build', 'WORKDIR /src', 'COPY src ./src', 'RUN mkdir -p dist && cat src/main.txt > dist/out.txt', 'FROM base', 'ENV DATA=/app/data.csv NODE_ENV=production', 'WORKDIR /app', 'COPY --from=build /src/dist ./dist', 'COPY data.csv ./data.csv', 'USER node', 'ENTRYPOINT ["node", "dist/out.txt"]'].join('\n'),
    );
    const image = buildImage({ hash: 'h', contextDir: context, dockerfile: 'Dockerfile' }, mkdtempSync(path.join(tmpdir(), 'qpo-image-out-')), '/nonexistent');
    expect(readFileSync(path.join(image.workdir, 'dist', 'out.txt'), 'utf8')).toBe('hello');
    expect(image.env).toEqual({ DATA: path.join(image.root, 'app', 'data.csv'), NODE_ENV: 'production' });
    expect(existsSync(image.env.DATA!)).toBe(true);
    expect(image).toMatchObject({ entrypoint: ['node', 'dist/out.txt'], user: 'node' });
  });

  it('refuses what it cannot build, naming it', () => {
    const context = mkdtempSync(path.join(tmpdir(), 'qpo-image-ctx-'));
    writeFileSync(path.join(context, 'Dockerfile'), 'FROM base\nHEALTHCHECK CMD true');
    expect(() => buildImage({ hash: 'h', contextDir: context, dockerfile: 'Dockerfile' }, mkdtempSync(path.join(tmpdir(), 'qpo-image-out-')), '/x')).toThrow('cannot build HEALTHCHECK');
    writeFileSync(path.join(context, 'Dockerfile'), 'FROM base\nCOPY missing.txt ./');
    expect(() => buildImage({ hash: 'h', contextDir: context, dockerfile: 'Dockerfile' }, mkdtempSync(path.join(tmpdir(), 'qpo-image-out-')), '/x')).toThrow('COPY missing.txt: not in the build context');
  });
});
