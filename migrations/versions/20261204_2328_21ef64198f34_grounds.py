"""Keep the grounds (căn cứ) letters cite, and which ones each letter cites.

Revision ID: 21ef64198f34
Revises: de011e888a9d
Create Date: 2026-12-04 23:28:34.304511

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '21ef64198f34'
down_revision = 'de011e888a9d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('grounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuing_body_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('plan', 'proposal', 'decision', 'letter', name='ground_kind', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('number_text', sa.String(length=60), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['issuing_body_id'], ['issuing_bodies.id'], name=op.f('fk_grounds_issuing_body_id_issuing_bodies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grounds'))
    )
    with op.batch_alter_table('grounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grounds_issuing_body_id'), ['issuing_body_id'], unique=False)

    with op.batch_alter_table('directives', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ground_ids', sa.JSON(), nullable=False, server_default='[]'))



def downgrade():
    with op.batch_alter_table('directives', schema=None) as batch_op:
        batch_op.drop_column('ground_ids')

    with op.batch_alter_table('grounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grounds_issuing_body_id'))

    op.drop_table('grounds')
