/**
 * A minimal point renderer: WebGL2 (one draw call, per-point colour and size)
 * with a Canvas 2D fallback. Written here rather than taken from regl-scatterplot
 * because regl compiles its commands with `new Function`, which a strict
 * Content-Security-Policy (no 'unsafe-eval') forbids; this draws 100k points in one call.
 */
const VS = `#version 300 es
in vec2 a_pos;
in vec4 a_color;
in float a_size;
uniform vec2 u_viewport;
uniform float u_dpr;
out vec4 v_color;
void main() {
  vec2 clip = (a_pos / u_viewport) * 2.0 - 1.0;
  gl_Position = vec4(clip.x, -clip.y, 0.0, 1.0);
  gl_PointSize = a_size * u_dpr;
  v_color = a_color;
}`;

const FS = `#version 300 es
precision mediump float;
in vec4 v_color;
out vec4 outColor;
void main() {
  vec2 d = gl_PointCoord - vec2(0.5);
  float r = length(d);
  if (r > 0.5) discard;
  float edge = smoothstep(0.5, 0.38, r);
  outColor = vec4(v_color.rgb, v_color.a * edge);
}`;

export class ScatterRenderer {
  readonly kind: 'webgl2' | '2d';
  readonly #canvas: HTMLCanvasElement;
  #gl: WebGL2RenderingContext | null = null;
  #ctx: CanvasRenderingContext2D | null = null;
  #buffers: { pos: WebGLBuffer; color: WebGLBuffer; size: WebGLBuffer } | null = null;
  #program: WebGLProgram | null = null;

  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas;
    const gl = canvas.getContext('webgl2', { antialias: true, premultipliedAlpha: false });
    if (gl && this.#initGl(gl)) {
      this.#gl = gl;
      this.kind = 'webgl2';
    } else {
      this.#ctx = canvas.getContext('2d');
      this.kind = '2d';
    }
  }

  #initGl(gl: WebGL2RenderingContext): boolean {
    const compile = (type: number, src: string) => {
      const s = gl.createShader(type)!;
      gl.shaderSource(s, src);
      gl.compileShader(s);
      return gl.getShaderParameter(s, gl.COMPILE_STATUS) ? s : null;
    };
    const vs = compile(gl.VERTEX_SHADER, VS), fs = compile(gl.FRAGMENT_SHADER, FS);
    if (!vs || !fs) return false;
    const p = gl.createProgram()!;
    gl.attachShader(p, vs);
    gl.attachShader(p, fs);
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) return false;
    this.#program = p;
    this.#buffers = { pos: gl.createBuffer()!, color: gl.createBuffer()!, size: gl.createBuffer()! };
    return true;
  }

  /**
   * Draw points at screen positions (CSS px, [x0, y0, x1, y1, …]) with RGBA
   * colours (0..255) and sizes (CSS px). Later points are drawn on top.
   */
  draw(screen: Float32Array, colors: Uint8Array, sizes: Float32Array, width: number, height: number, dpr: number): void {
    const n = sizes.length;
    this.#canvas.width = Math.max(1, Math.round(width * dpr));
    this.#canvas.height = Math.max(1, Math.round(height * dpr));
    const gl = this.#gl;
    if (gl && this.#program && this.#buffers) {
      gl.viewport(0, 0, this.#canvas.width, this.#canvas.height);
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
      gl.useProgram(this.#program);
      const attr = (name: string, buf: WebGLBuffer, data: ArrayBufferView, size: number, type: number, normalized: boolean) => {
        const loc = gl.getAttribLocation(this.#program!, name);
        gl.bindBuffer(gl.ARRAY_BUFFER, buf);
        gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
        gl.enableVertexAttribArray(loc);
        gl.vertexAttribPointer(loc, size, type, normalized, 0, 0);
      };
      attr('a_pos', this.#buffers.pos, screen, 2, gl.FLOAT, false);
      attr('a_color', this.#buffers.color, colors, 4, gl.UNSIGNED_BYTE, true);
      attr('a_size', this.#buffers.size, sizes, 1, gl.FLOAT, false);
      gl.uniform2f(gl.getUniformLocation(this.#program, 'u_viewport'), width, height);
      gl.uniform1f(gl.getUniformLocation(this.#program, 'u_dpr'), dpr);
      gl.drawArrays(gl.POINTS, 0, n);
      return;
    }
    const ctx = this.#ctx;
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = `rgba(${colors[4 * i]},${colors[4 * i + 1]},${colors[4 * i + 2]},${colors[4 * i + 3] / 255})`;
      ctx.beginPath();
      ctx.arc(screen[2 * i], screen[2 * i + 1], sizes[i] / 2, 0, Math.PI * 2);
      ctx.fill();
    }
  }

  dispose(): void {
    const gl = this.#gl;
    if (gl && this.#buffers) for (const b of Object.values(this.#buffers)) gl.deleteBuffer(b);
    if (gl && this.#program) gl.deleteProgram(this.#program);
  }
}
