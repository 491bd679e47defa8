using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PerfRules.Service;

/// <summary>
/// What the generated OpenAPI document cannot infer: the handlers read their bodies themselves
/// (raw text or multipart, with limits), so request bodies and report media types are described here.
/// </summary>
public static class OpenApiDocs
{
    public static Task Describe(OpenApiDocument doc, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        doc.Info = new OpenApiInfo
        {
            Title = "PerfRules 预算绩效目标表校验服务",
            Version = "v1",
            Description = "上传预算绩效目标表，返回按规则检查的结果（JSON、SARIF，或供下载的 HTML、Excel、CSV 报告）或读取出的模型。服务无状态。",
        };
        return Task.CompletedTask;
    }

    public static RouteHandlerBuilder Document(RouteHandlerBuilder endpoint, Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> describe) =>
        endpoint
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .AddOpenApiOperationTransformer(describe);

    public static Task LintOperation(OpenApiOperation op, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        op.Summary = "检查绩效目标表";
        op.Description = "请求体为一个文档（text/plain 或 application/octet-stream；按内容识别 Excel（.xlsx/.xls）、Word（.docx）、PDF、CSV 或文本，文本编码自动识别：UTF-8、UTF-16、GB18030），" +
                         "或以 multipart/form-data 上传多个文件。返回每个文档的检查结果及汇总。" +
                         "无法识别的文档返回 200 及 PR001 结果。响应头 X-PerfRules-Result 为 pass 或 fail（按 failOn 判断）。";
        op.RequestBody = Body();
        op.Parameters = new List<IOpenApiParameter>
        {
            Query("format", "输出格式：json（默认）、sarif，或供人阅读的 html、xlsx、csv 报告（作为附件下载）", LintEndpoints.Offered),
            Query("failOn", "达到该级别的结果使 X-PerfRules-Result 为 fail：error（默认）、warning、info 或 never", "error", "warning", "info", "never"),
            NameParameter(),
        };
        op.Responses ??= new OpenApiResponses();
        op.Responses["200"] = new OpenApiResponse
        {
            Description = "检查结果（与命令行 perfrules lint --format F --output 文件 写出的内容相同）；html、xlsx、csv 带 Content-Disposition: attachment",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                ["application/sarif+json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                ["text/html"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        };
        return Task.CompletedTask;
    }

    public static Task ParseOperation(OpenApiOperation op, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        op.Summary = "读取绩效目标表，返回带行号的模型";
        op.Description = "请求体同 /api/v1/lint。单个文档返回一个模型对象（含多张表的文件，如多个工作表，返回模型数组）；multipart 上传返回模型数组。";
        op.RequestBody = Body();
        op.Parameters = new List<IOpenApiParameter> { NameParameter() };
        op.Responses ??= new OpenApiResponses();
        op.Responses["200"] = new OpenApiResponse
        {
            Description = "模型（与 perfrules parse --format json 的输出相同）",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Array } },
            },
        };
        return Task.CompletedTask;
    }

    private static OpenApiRequestBody Body()
    {
        var text = new OpenApiSchema { Type = JsonSchemaType.String };
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        return new OpenApiRequestBody
        {
            Required = true,
            Description = "一个文档，或多个文件（multipart 的每个文件部分为一个文档，文件名用作文档名）",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["text/plain"] = new() { Schema = text },
                ["application/octet-stream"] = new() { Schema = binary },
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["files"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = binary },
                        },
                    },
                },
            },
        };
    }

    private static OpenApiParameter NameParameter() => new()
    {
        Name = "name",
        In = ParameterLocation.Query,
        Description = "单个文档时的文档名（出现在结果中）；默认取 Content-Disposition 的 filename，否则为 " + DocumentUpload.DefaultName,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiParameter Query(string name, string description, params string[] values) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList(),
            Default = JsonValue.Create(values[0]),
        },
    };
}
